"""stub"""


def extract(rec) -> None:
    return None
