"""search_vocabulary suggest: words the dictionary lacks and synonyms worth adding, mined from the
indexed text (textsearch.mining), for a reviewer to accept."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from search.models import SearchEntry, SynonymRule
from textsearch.analysis import fold, tokenizer, vocabulary
from textsearch.mining import Miner

BATCH = 2000
SAVED_NOTE = "由 search_vocabulary suggest 建议，审核后启用"


class Command(BaseCommand):
    help = "Suggest dictionary words and synonym rules from the indexed text (suggest [--save])."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["suggest"])
        parser.add_argument("--min-documents", type=int, default=3, help="a word must occur in this many records")
        parser.add_argument("--limit", type=int, default=40, help="at most this many suggestions of each kind")
        parser.add_argument(
            "--save", action="store_true", help="store the synonym suggestions as disabled rules to review in the admin"
        )

    def handle(self, *args, action, min_documents, limit, save, **options):
        if min_documents < 1 or limit < 1:
            raise CommandError("--min-documents 和 --limit 必须是正整数")
        miner = self.mine()
        if not miner.documents:
            raise CommandError("搜索表为空：先运行 search_index rebuild")
        words_known = tokenizer().FREQ
        words = miner.words(lambda w: bool(words_known.get(w)), min_documents=min_documents, limit=limit)
        synonyms = miner.synonyms(vocabulary().synonyms, min_documents=max(2, min_documents - 1), limit=limit)
        self.stdout.write(f"建议加入词典的词（{len(words)}）：")
        for suggestion in words:
            self.stdout.write(f"  {suggestion.word}\t{suggestion.documents} 条记录")
        self.stdout.write(f"建议的同义词规则（{len(synonyms)}）：")
        for suggestion in synonyms:
            self.stdout.write(f"  {suggestion.rule}\t{suggestion.reason}，{suggestion.documents} 条记录")
        if save:
            existing = set(SynonymRule.objects.values_list("rule", flat=True))
            new = [SynonymRule(rule=s.rule, enabled=False, note=SAVED_NOTE) for s in synonyms if s.rule not in existing]
            SynonymRule.objects.bulk_create(new)
            saved = f"已保存 {len(new)} 条待审核（未启用）的同义词规则：后台 搜索词库 → 同义词。"
            self.stdout.write(self.style.SUCCESS(saved))

    def mine(self):
        miner = Miner()
        total = SearchEntry.objects.count()
        started = last_shown = time.monotonic()
        interactive = sys.stdout.isatty() and self.stdout._out is sys.stdout
        rows = SearchEntry.objects.values_list("text", "title", "summary")
        for text, title, summary in rows.iterator(chunk_size=BATCH):
            miner.add(text, fold(f"{title} {summary}"))
            now = time.monotonic()
            if interactive and now - last_shown > 1:
                last_shown = now
                left = (now - started) / miner.documents * (total - miner.documents)
                self.stdout.write(f"\r  {miner.documents}/{total} 条，约剩 {left:.0f} 秒", ending="")
        if interactive:
            self.stdout.write("")
        self.stdout.write(f"已分析 {miner.documents} 条记录（{time.monotonic() - started:.1f} 秒）。")
        return miner
