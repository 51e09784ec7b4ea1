"""SQLite's full-text index (FTS5) over the search table: which rows can match, found without a scan.

The database engine matches whole terms with `LIKE '% term %'` and fragments with `text LIKE '%…%'`,
which read every row. On SQLite an FTS5 table over the same columns (kept in step by triggers, so every
write path — bulk inserts, restores, deletes — reaches it) answers first with the rows that can match;
the engine's own conditions then run on those rows only, so the results are exactly what the scan gave.

The index never decides a result, it only narrows: every MATCH expression here is built so that any row
the `LIKE` conditions accept is among its rows (a superset). The `unicode61` tokenizer splits at spaces
and punctuation and keeps a run of Chinese characters as one token, so:

- a term column holds " t1 t2 … "; a row containing " term " holds the term's tokens side by side, and
  the phrase "term" finds it;
- `characters` holds the text with a space between characters (one token per character): a row whose
  text contains a fragment holds its characters side by side, and the phrase "压 缩 机" finds it.

Elsewhere (PostgreSQL, or a SQLite built without FTS5) `candidates` gives no condition and the engine
scans as before.
"""

import unicodedata
from itertools import combinations

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

TABLE = "alliance_search_fulltext"
CONTENT = "alliance_search_searchentry"
COLUMNS = ("title_terms", "body_terms", "context_terms", "suggest_keys", "characters")
WORD_COLUMNS = "{title_terms body_terms context_terms}"
MAX_GROUPS = 64  # the relaxed tier asks for any `needed` of the clauses as this many groups at most
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
    """Create the index and its triggers where missing, and fill the index when anything was missing.

    Idempotent; called by the migration and after every migrate (SQLite rebuilds a table to alter it,
    which drops its triggers)."""
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
        columns = ", ".join(COLUMNS)
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({columns}, content='{CONTENT}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 0')"
        )
        add = f"INSERT INTO {TABLE}(rowid, {columns}) VALUES (new.id, {_prefixed('new')})"
        remove = f"INSERT INTO {TABLE}({TABLE}, rowid, {columns}) VALUES ('delete', old.id, {_prefixed('old')})"
        for name, body in TRIGGERS.items():
            cursor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {name} " + body.format(content=CONTENT, add=add, remove=remove)
            )
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
    _available.clear()
    return True


def uninstall(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    _available.clear()


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
        if connection.vendor != "sqlite":
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
    expressions = [_clause(clause) for clause in clauses]
    if needed is None:
        known = [e for e in expressions if e is not None]  # the others are checked by the scan
        return _matching(_all(known)) if known else Q()
    if None in expressions:
        return Q()  # a clause the index cannot see might be one a row matches
    groups = list(combinations(expressions, needed))
    if len(groups) > MAX_GROUPS:
        groups = [(e,) for e in expressions]  # any one of them: still every row that can match
    return _matching(" OR ".join(f"({_all(group)})" for group in groups))


def _all(expressions):
    return " AND ".join(f"({e})" for e in expressions)


def any_term(column, terms):
    """Rows whose column holds at least one of the terms (whole); Q() when the index cannot help."""
    phrases = [_phrase(term) for term in terms]
    if not available() or not phrases or None in phrases:
        return Q()
    return _matching(f"{column} : ({' OR '.join(phrases)})")


def _matching(expression):
    return Q(pk__in=RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [expression]))


def _clause(clause):
    """The clause as the engine matches it (engines._db_clause): any alternative's terms as whole words,
    the start of a pinyin key, or its characters in the text. None when part of it has no tokens."""
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
