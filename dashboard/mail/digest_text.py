"""A digest's words in the reader's language: its headings with their items, for the inbox page
and for the mail (which carries Vietnamese, then English, as the person has no language on file)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage

from flask_babel import gettext as _

from dashboard import paths
from dashboard.i18n import in_language, show_date, show_datetime


@dataclass(frozen=True, slots=True)
class Heading:
    title: str
    items: tuple[tuple[str, str], ...]  # (words, path on the site)
    more: int  # how many more than the items listed


def headings(content: dict) -> list[Heading]:
    """The digest's headings that have something to say, in the current language."""
    def tasks(key: str, words) -> tuple[tuple[str, str], ...]:
        return tuple((words(row), paths.task(row[0])) for row in content.get(key, []))

    found = [
        (_("Due today"), "due_today", lambda row: f"#{row[0]} {row[1]}"),
        (_("Overdue"), "overdue", lambda row: _("#%(id)s %(title)s — %(days)s days overdue", id=row[0],
                                                   title=row[1], days=row[2])),
        (_("Urged, no update since"), "urged", lambda row: f"#{row[0]} {row[1]}"),
        (_("Extension requests waiting for your decision"), "extensions", lambda row: f"#{row[0]} {row[1]} ({row[2]})"),
        (_("Difficulties waiting for your direction"), "difficulties", lambda row: f"#{row[0]} {row[1]} ({row[2]})"),
    ]
    result = []
    for title, key, words in found:
        total = content.get(f"{key}_total") or 0
        if total:
            items = tasks(key, words)
            result.append(Heading(f"{title} ({total})", items, total - len(items)))
    briefing = content.get("briefing")
    if briefing:
        at = datetime.fromisoformat(briefing["held_at"])
        items = [(show_datetime(at), f"{paths.BRIEFINGS}/{briefing['id']}")]
        if briefing.get("pack"):
            items.append((_("Your memo for it (PDF)"), briefing["pack"]))
        result.append(Heading(_("Next briefing"), tuple(items), 0))
    return result


def text(content: dict, day: date, name: str, base_url: str) -> str:
    """The digest as plain text in the current language."""
    lines = [_("Hello %(name)s,", name=name), _("Your digest of %(day)s from the Task Supervision Dashboard.",
                                               day=show_date(day)), ""]
    for heading in headings(content):
        lines.append(heading.title + ":")
        lines += [f"- {words} {base_url}{path}" for words, path in heading.items]
        if heading.more:
            lines.append("  " + _("… and %(n)s more.", n=heading.more))
        lines.append("")
    lines += [_("Open the dashboard: %(url)s", url=base_url + "/"),
              _("One message a day at most. To stop it or change the address: %(url)s", url=base_url + paths.INBOX)]
    return "\n".join(lines)


def message(content: dict, day: date, name: str, to: str, sender: str, base_url: str) -> EmailMessage:
    """The mail: Vietnamese, then English."""
    mail = EmailMessage()
    with in_language("vi"):
        subject = _("Digest of %(day)s", day=show_date(day))
        body = text(content, day, name, base_url)
    with in_language("en"):
        subject += " · " + _("Digest of %(day)s", day=show_date(day))
        body += "\n\n" + "—" * 20 + "\n\n" + text(content, day, name, base_url)
    mail["Subject"], mail["From"], mail["To"] = subject, sender, to
    mail.set_content(body)
    return mail
