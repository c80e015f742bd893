"""The kinds of record and what belongs to them: their declarations, partial dates, the admin,
roles and statistics. The models themselves are in ``cases.models``."""
