"""GIR literals as the printer writes them (one spelling for the printer, the
verifier's messages and the op records)."""

from __future__ import annotations


def literal_text(value) -> str:
    """A literal as GIR prints it (shortest float that reads back exactly)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        if "e" in text:
            mantissa, exponent = text.split("e")
            if "." not in mantissa:
                mantissa += ".0"
            return f"{mantissa}e{int(exponent)}"
        return text
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise TypeError(f"not a GIR literal: {value!r}")
