"""URL converters that refuse what the database cannot hold, so a bad URL is a 404, never a 500."""


class DatabaseId:
    """A primary key: ASCII digits only, 1 to 2**63 - 1 (a bigint). `<int:…>` accepts
    9223372036854775808, which then fails in the database."""

    regex = "[0-9]{1,19}"
    MAX = 2**63 - 1

    def to_python(self, value):
        number = int(value)
        if not 1 <= number <= self.MAX:
            raise ValueError(value)  # the URL does not match: 404
        return number

    def to_url(self, value):
        return str(value)
