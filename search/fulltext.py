"""The database engine's index over the search table: which rows can match, found without a scan.

The database engine matches whole terms with `LIKE '% term %'` and fragments with `text LIKE '%…%'`,
which read every row. An index answers first with the rows that can match; the engine's own conditions
then run on those rows only, so the results are exactly what the scan gave. The index never decides a
result, it only narrows: every condition here accepts any row the engine's `LIKE` conditions accept (a
superset).

On SQLite it is an FTS5 table over the same columns, kept in step by triggers so every write path — bulk
inserts, restores, deletes — reaches it (a rebuild into a type with no rows yet indexes them in one statement
at the end of its transaction instead: `added_afterwards`). The `unicode61` tokenizer splits at spaces and
punctuation and keeps a run of Chinese characters as one token, so:

- a term column holds " t1 t2 … "; a row containing " term " holds the term's tokens side by side, and
  the phrase "term" finds it;
- `characters` holds the text with a space between characters (one token per character): a row whose
  text contains a fragment holds its characters side by side, and the phrase "压 缩 机" finds it.

On PostgreSQL it is pg_trgm's GIN indexes on the columns themselves (`TRIGRAM_COLUMNS`): the conditions
are the engine's own `LIKE`s, which such an index answers. A fragment of one or two characters (the
commonest Chinese word has two) has no trigram of its own, so it is looked for in `characters` ("压 缩"
in the spaced text holds exactly where 压缩 is in the text), whose trigrams are its single characters:
the rows holding each of them, then checked.

Elsewhere (a SQLite built without FTS5, a PostgreSQL where pg_trgm cannot be installed) `candidates`
gives no condition and the engine scans as before.
"""

import logging
import unicodedata
from contextlib import contextmanager
from itertools import combinations

from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL

logger = logging.getLogger(__name__)

TABLE = "alliance_search_fulltext"
CONTENT = "alliance_search_searchentry"
COLUMNS = ("title_terms", "body_terms", "context_terms", "suggest_keys", "characters")
COLUMN_LIST = ", ".join(COLUMNS)
WORD_COLUMN_NAMES = ("title_terms", "body_terms", "context_terms")
WORD_COLUMNS = "{" + " ".join(WORD_COLUMN_NAMES) + "}"
MAX_GROUPS = 64  # the relaxed tier asks for any `needed` of the clauses as this many groups at most
TRIGRAM_COLUMNS = ("title", "title_terms", "body_terms", "context_terms", "text", "characters", "suggest_keys")
TRIGGERS = {
    f"{TABLE}_insert": "AFTER INSERT ON {content} BEGIN {add}; END",
    f"{TABLE}_delete": "AFTER DELETE ON {content} BEGIN {remove}; END",
    f"{TABLE}_update": "AFTER UPDATE ON {content} BEGIN {remove}; {add}; END",
}


def spaced_characters(text):
    """压缩机 plc → "压 缩 机   p l c": one token per character for the index."""
    return " ".join(text)


# --- Installing ----------------------------------------------------------------------------------


def install(connection):
    """Create the index where missing (on SQLite its triggers too, and fill it when anything was missing);
    True when anything was created.

    Idempotent; called by the migration and after every migrate (SQLite rebuilds a table to alter it,
    which drops its triggers)."""
    if connection.vendor == "postgresql":
        return _install_trigram_indexes(connection)
    if connection.vendor != "sqlite" or not _has_fts5(connection):
        return False
    with connection.cursor() as cursor:
        present = {column.name for column in connection.introspection.get_table_description(cursor, CONTENT)}
        if not set(COLUMNS) <= present:
            return False  # migrated back to before the index
        existing = {
            row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", [f"{TABLE}%"])
        }
        if {TABLE, *TRIGGERS} <= existing:
            return False
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({COLUMN_LIST}, content='{CONTENT}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 0')"
        )
        _create_triggers(cursor)
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
    _available.clear()
    return True


def _create_triggers(cursor):
    add = f"INSERT INTO {TABLE}(rowid, {COLUMN_LIST}) VALUES (new.id, {_prefixed('new')})"
    remove = f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMN_LIST}) VALUES ('delete', old.id, {_prefixed('old')})"
    for name, body in TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} " + body.format(content=CONTENT, add=add, remove=remove))


@contextmanager
def added_afterwards(doc_type):
    """Inside the transaction that writes a type's rows: when the table holds none of that type yet (a first
    build, a restore), they reach the index in one statement at the end instead of one trigger per row —
    FTS5 builds its index three times as fast so (10,264 rows: 2.2 → 0.7 s). Other writers wait for the
    transaction, and find the triggers back; the rows deleted meanwhile were never indexed."""
    if connection.vendor != "sqlite" or not connection.in_atomic_block or not available():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {CONTENT} WHERE doc_type = %s LIMIT 1", [doc_type])
        if cursor.fetchone():
            yield
            return
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        try:
            yield
            cursor.execute(
                f"INSERT INTO {TABLE}(rowid, {COLUMN_LIST}) SELECT id, {COLUMN_LIST} FROM {CONTENT} "
                "WHERE doc_type = %s",
                [doc_type],
            )
        finally:
            _create_triggers(cursor)


def uninstall(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for column in TRIGRAM_COLUMNS:
                cursor.execute(f"DROP INDEX IF EXISTS {_trigram_index(column)}")
        _available.clear()
        return
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    _available.clear()


def _trigram_index(column):
    return f"{CONTENT}_{column}_trgm"


def _install_trigram_indexes(connection):
    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(cursor, CONTENT)}
        if not set(TRIGRAM_COLUMNS) <= columns:
            return False  # migrated back to before the index
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [CONTENT])
        present = {row[0] for row in cursor.fetchall()}
        missing = [column for column in TRIGRAM_COLUMNS if _trigram_index(column) not in present]
        if not missing:
            return False
        try:
            with transaction.atomic(using=connection.alias):  # a refusal must not end the migration's transaction
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError as error:  # not installed on the server, or not ours to create
            logger.warning("pg_trgm unavailable, the database search scans: %s", error)
            return False
        cursor.execute("SELECT show_trgm('压缩机')")
        if not cursor.fetchone()[0]:  # LC_CTYPE "C": Chinese characters are no letters, an index would hold none
            logger.warning("pg_trgm sees no Chinese characters in this database's locale, the database search scans")
            return False
        for column in missing:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {_trigram_index(column)} ON {CONTENT} USING gin ({column} gin_trgm_ops)"
            )
    _available.clear()
    return True


def _prefixed(row):
    return ", ".join(f"{row}.{column}" for column in COLUMNS)


def _has_fts5(connection):
    with connection.cursor() as cursor:
        return any(row[0] == "ENABLE_FTS5" for row in cursor.execute("PRAGMA compile_options"))


_available = {}


def available():
    """Whether this database has the index (checked once per database)."""
    name = connection.settings_dict["NAME"]
    if name not in _available:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_indexes WHERE tablename = %s AND indexname = ANY(%s)",
                    [CONTENT, [_trigram_index(column) for column in TRIGRAM_COLUMNS]],
                )
                _available[name] = cursor.fetchone()[0] == len(TRIGRAM_COLUMNS)
        elif connection.vendor != "sqlite":
            _available[name] = False
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = %s", [TABLE])
                _available[name] = cursor.fetchone()[0] == 1
    return _available[name]


# --- Querying ------------------------------------------------------------------------------------


def candidates(clauses, needed=None):
    """A condition narrowing SearchEntry to the rows that can match every clause, or at least `needed`
    of them (the relaxed tier; the engine then counts them). Q() when the index cannot help."""
    if not available() or not clauses:
        return Q()
    dialect = TrigramConditions if connection.vendor == "postgresql" else MatchExpressions
    conditions = [dialect.clause(clause) for clause in clauses]
    if needed is None:
        known = [c for c in conditions if c is not None]  # the others are checked by the scan
        return dialect.matching(dialect.all(known)) if known else Q()
    if None in conditions:
        return Q()  # a clause the index cannot see might be one a row matches
    groups = list(combinations(conditions, needed))
    if len(groups) > MAX_GROUPS:
        groups = [(c,) for c in conditions]  # any one of them: still every row that can match
    return dialect.matching(dialect.any([dialect.all(group) for group in groups]))


def any_term(column, terms):
    """Rows whose column holds at least one of the terms (whole); Q() when the index cannot help."""
    if not available() or not terms:
        return Q()
    if connection.vendor == "postgresql":
        return TrigramConditions.any([TrigramConditions.term(column, term) for term in terms])
    phrases = [_phrase(term) for term in terms]
    if None in phrases:
        return Q()
    return MatchExpressions.matching(f"{column} : ({' OR '.join(phrases)})")


class MatchExpressions:
    """Conditions as FTS5 MATCH expressions over the index table."""

    @staticmethod
    def all(expressions):
        return " AND ".join(f"({e})" for e in expressions)

    @staticmethod
    def any(expressions):
        return " OR ".join(f"({e})" for e in expressions)

    @staticmethod
    def matching(expression):
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression]))

    @staticmethod
    def clause(clause):
        """The clause as the engine matches it (engines._db_clause): any alternative's terms as whole
        words, the start of a pinyin key, or its characters in the text. None when part of it has no tokens."""
        options = []
        for alternative in clause.alternatives:
            phrases = [_phrase(term) for term in alternative]
            if None in phrases:
                return None
            options.append(f"{WORD_COLUMNS} : ({' AND '.join(phrases)})")
        if clause.may_be_pinyin:
            options.append(f"suggest_keys : {_phrase(clause.text)}*")
        characters = _phrase(spaced_characters(clause.text))
        if characters is None:
            return None
        options.append(f"characters : {characters}")
        return " OR ".join(options)


class TrigramConditions:
    """Conditions as the engine's own `LIKE`s on the trigram-indexed columns (PostgreSQL)."""

    @staticmethod
    def all(conditions):
        combined = Q()
        for condition in conditions:
            combined &= condition
        return combined

    @staticmethod
    def any(conditions):
        combined = Q()
        for condition in conditions:
            combined |= condition
        return combined

    @staticmethod
    def matching(condition):
        return condition

    @staticmethod
    def term(column, term):
        return Q(**{f"{column}__contains": f" {term} "})

    @classmethod
    def clause(cls, clause):
        """engines._db_clause, with a fragment shorter than a trigram looked for in `characters`: the same
        rows, as the text contains f exactly where `characters` contains f spaced."""
        options = [
            cls.all([cls.any([cls.term(column, term) for column in WORD_COLUMN_NAMES]) for term in alternative])
            for alternative in clause.alternatives
        ]
        if clause.may_be_pinyin:
            options.append(Q(suggest_keys__contains=f" {clause.text}"))
        if len(clause.text) >= 3:  # its own trigrams: the text's index finds exactly the rows holding it
            options.append(Q(text__contains=clause.text))
        else:  # after a space or at the start: then every character of it is a word with trigrams of its own
            spaced = spaced_characters(clause.text)
            options.append(Q(characters__contains=f" {spaced}") | Q(characters__startswith=spaced))
        return cls.any(options)


def _phrase(text):
    """An FTS5 string (tokenized like the rows), or None when the tokenizer would find nothing in it."""
    if not any(_is_token_character(c) for c in text):
        return None
    return '"' + text.replace('"', '""') + '"'


def _is_token_character(character):
    # unicode61's token characters are letters, numbers and private-use characters of Unicode 6.1; a
    # character that was one already in Unicode 3.2 (the oldest table Python keeps) surely is one there.
    category = unicodedata.ucd_3_2_0.category(character)
    return category[0] in "LN" or category == "Co"
