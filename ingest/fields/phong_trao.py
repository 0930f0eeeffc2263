"""stub"""


def canonical(s: str) -> str | None:
    return None


def extract(rec) -> None:
    return None
