"""Phone numbers (library `phonenumbers`), parsed once per distinct text."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


@lru_cache(maxsize=65536)
def parse(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    """The number, or None when `text` is not a valid phone number."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def international(text: str, region: str) -> str:
    """The number in one normal form (`+31 73 123 4567`), or the text as written."""
    number = parse(text, region)
    if number is None:
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def e164(text: str, region: str) -> str | None:
    """The number as `+31731234567`, to compare numbers written differently."""
    number = parse(text, region)
    return (
        None
        if number is None
        else phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    )
