"""Sending mail through the server named by SMTP_HOST (README: "Daily digest by email"). No
setting: no mail; the digests stay in each person's inbox."""
from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage


@dataclass(frozen=True, slots=True)
class Settings:
    host: str
    port: int
    sender: str
    user: str | None
    password: str | None
    security: str  # starttls, ssl or none
    timeout: float = 15.0


def from_environment() -> Settings | None:
    host = os.environ.get("SMTP_HOST")
    if not host:
        return None
    security = os.environ.get("SMTP_SECURITY", "starttls").lower()
    if security not in ("starttls", "ssl", "none"):
        raise RuntimeError("SMTP_SECURITY must be starttls, ssl or none")
    default_port = {"starttls": 587, "ssl": 465, "none": 25}[security]
    return Settings(host, int(os.environ.get("SMTP_PORT") or default_port),
                    os.environ.get("SMTP_FROM") or f"dashboard@{host}", os.environ.get("SMTP_USER") or None,
                    os.environ.get("SMTP_PASSWORD") or None, security)


def send(settings: Settings, mail: EmailMessage) -> None:
    """Send one mail; raises OSError or smtplib.SMTPException when it was not accepted."""
    context = ssl.create_default_context()
    if settings.security == "ssl":
        server: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                                context=context)
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with server:
        if settings.security == "starttls":
            server.starttls(context=context)
        if settings.user and settings.password:
            server.login(settings.user, settings.password)
        server.send_message(mail)
