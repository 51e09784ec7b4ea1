"""The admin's vocabulary (搜索词库), handed to the text analysis when the search app is ready."""

from search.models import DictionaryWord, SynonymRule
from textsearch.analysis import VocabularySource


class AdminVocabulary(VocabularySource):
    """Dictionary words and enabled synonym rules from the admin, on top of the shipped files."""

    def version(self):
        return (DictionaryWord.version(), SynonymRule.version())

    def load(self):
        words = list(DictionaryWord.objects.values_list("word", flat=True))
        rules = list(SynonymRule.objects.filter(enabled=True).values_list("rule", flat=True))
        return words, rules
