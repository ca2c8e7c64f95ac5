"""Customer personal data for the tests of issue 12 (no path stores it), and the checks that
look for it in a PC's file, its write-ahead log and its outbox. Test values only: a
documented test card number, the IBAN standard's example, a fictional UK drama number."""

from __future__ import annotations

from pathlib import Path

#: One piece of each kind, as a customer would give it, and the placeholder it becomes.
EMAIL = "ottoline.f1990@example.com"
PHONE = "+44 20 7946 0018"
CARD = "4111 1111 1111 1111"
IBAN = "GB82 WEST 1234 5698 7654 32"
NAME = "Mrs Ottoline Featherstonehaugh"
#: What must never be found, as typed (and the parts that identify someone on their own).
NEEDLES: tuple[str, ...] = (EMAIL, "ottoline.f1990", PHONE, "7946 0018", CARD, IBAN,
                            "WEST 1234", "Featherstonehaugh", "Ottoline")

#: Every free text a customer's data could be typed into, each holding some of it, with
#: words around it so that nothing is left empty once redacted.
AUTHOR_TEXTS: dict[str, str] = {
    "summary": f"Refund refused for {NAME}, call {PHONE}",
    "customer_words": f"Just email me at {EMAIL} or ring {PHONE}",
    "details": f"Paid with card {CARD}; refund to IBAN {IBAN} for {NAME}",
    "action_taken": f"Wrote {EMAIL} and {PHONE} on a sticky note",
    "suggestion": f"Let {NAME} pay by IBAN {IBAN} next time",
    "customer_segment": f"Loyal, {EMAIL}",
}
#: What each becomes (placeholders in place of the data).
AUTHOR_REDACTED: dict[str, str] = {
    "summary": "Refund refused for Mrs [name], call [phone]",
    "customer_words": "Just email me at [email] or ring [phone]",
    "details": "Paid with card [card]; refund to IBAN [iban] for Mrs [name]",
    "action_taken": "Wrote [email] and [phone] on a sticky note",
    "suggestion": "Let Mrs [name] pay by IBAN [iban] next time",
    "customer_segment": "Loyal, [email]",
}
REVIEW_TEXTS: dict[str, str] = {
    "response": f"We called {NAME} on {PHONE} and refunded card {CARD}",
    "wont_act_reason": f"Policy; told her by email at {EMAIL}",
    "escalation_note": f"Refund to IBAN {IBAN} stuck for {NAME}",
}


def file_bytes(data_dir: Path) -> bytes:
    """The PC's SQLite file and its write-ahead log, byte for byte (as left, not checkpointed)."""
    out = b""
    for name in ("frontline.db", "frontline.db-wal"):
        path = data_dir / name
        if path.exists():
            out += path.read_bytes()
    return out


def leaks(data: bytes | str) -> list[str]:
    """The needles found in `data` (UTF-8 bytes or text)."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return [needle for needle in NEEDLES if needle in text]
