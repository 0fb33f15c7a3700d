"""Notification mails carry no case content, refuse what is not a notice, and go to a
real SMTP server over STARTTLS with a login, or to the data directory's folder."""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
import structlog
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from infra.event_store import open_recorder
from infra.mail import FolderMailer, MailNotSent, SmtpMailer, mailer_from, notice_mail
from infra.mail_outbox import MailOutbox, outbox_from
from infra.settings import Settings
from infra.store_sql import StoreSql
from tests.mail_server import CASE, MONDAY_9, UTC, SmtpServer, notice


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


# --- the embedded default ----------------------------------------------------------------------


def test_the_folder_mailer_writes_one_file_per_notice_and_says_where(tmp_path: Path) -> None:
    with structlog.testing.capture_logs() as logs:
        mailer = mailer_from(Settings(data_dir=tmp_path))
    assert isinstance(mailer, FolderMailer)
    assert logs == [
        {"event": "mail.folder", "directory": str(tmp_path / "mail"), "log_level": "info"}
    ]
    outbox = MailOutbox(StoreSql(open_recorder(Settings(data_dir=tmp_path), "school")))
    for n in (1, 2):
        outbox.enqueue(notice(n), digest=False)
    outbox.deliver_due(MONDAY_9 + dt.timedelta(minutes=5), mailer)
    mailer.send(notice_mail(notice(1), sender=mailer.sender))  # the same mail again

    files = sorted(p.name for p in (tmp_path / "mail").iterdir())
    assert files == sorted(f"{notice(n).notice_id}@samspil.eml" for n in (1, 2))
    written = message_from_bytes((tmp_path / "mail" / files[0]).read_bytes(), policy=policy.default)
    assert written["Message-ID"] in {f"<{notice(n).notice_id}@samspil>" for n in (1, 2)}


def test_settings_choose_the_smtp_server_and_the_digest_hour(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SAMSPIL_SMTP_HOST", "smtp.kommune.dk")
    monkeypatch.setenv("SAMSPIL_MAIL_DIGEST_HOUR", "now")
    chosen = Settings(data_dir=tmp_path)
    mailer = mailer_from(chosen)
    assert isinstance(mailer, SmtpMailer) and mailer.port == 587
    assert chosen.smtp_starttls and chosen.mail_digest_hour == "now"
    at_once = outbox_from(StoreSql(open_recorder(chosen, "school")), chosen)
    assert at_once.digest_due_at(MONDAY_9) == MONDAY_9

    monkeypatch.setenv("SAMSPIL_MAIL_DIGEST_HOUR", "6")
    assert Settings(data_dir=tmp_path).mail_digest_hour == 6
    monkeypatch.setenv("SAMSPIL_MAIL_DIGEST_HOUR", "24")
    with pytest.raises(ValueError):
        Settings(data_dir=tmp_path)


# --- the notice itself -------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["subject_da", "subject_en", "body_da", "body_en"])
def test_a_notice_longer_than_a_notice_is_refused_naming_the_field(field: str) -> None:
    story = CASE["description"] + " " + "x" * 500
    with pytest.raises(ValueError, match=field) as refused:
        dataclasses.replace(notice(1), **dict[str, Any]({field: story}))
    assert CASE["description"] not in str(refused.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subject_da", "Sag 1\nBcc: everyone@example.dk"),
        ("recipient", "hanne@skole.dk, ole@ssp.dk"),
        ("link", "javascript:alert(1)"),
        ("created_at", dt.datetime(2026, 3, 2, 9, 0)),
    ],
)
def test_a_malformed_notice_is_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        dataclasses.replace(notice(1), **dict[str, Any]({field: value}))


# --- STARTTLS and login ------------------------------------------------------------------------


def _certificate(directory: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A self-signed certificate for 127.0.0.1: the server's context and a client's trusting it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cafile=str(cert_file))
    return server, client


def test_starttls_and_login_are_used_and_a_server_without_tls_is_sent_nothing(
    tmp_path: Path, smtp: SmtpServer
) -> None:
    with pytest.raises(MailNotSent):
        smtp.mailer(starttls=True).send(notice_mail(notice(1), sender="s@kommune.dk"))
    assert smtp.inbox.messages == []

    server_tls, client_tls = _certificate(tmp_path)

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth: Any) -> Any:
        return AuthResult(success=(auth.login, auth.password) == (b"samspil", b"hemmelig"))

    secure = SmtpServer(
        tls_context=server_tls,
        require_starttls=True,
        auth_required=True,
        authenticator=authenticator,
    )
    secure.start()
    try:
        mailer = secure.mailer(
            starttls=True, tls_context=client_tls, username="samspil", password="hemmelig"
        )
        mailer.send(notice_mail(notice(1), sender=mailer.sender))
        wrong = secure.mailer(
            starttls=True,
            tls_context=client_tls,
            username="samspil",
            password="forkert",
            timeout=1,
        )
        with pytest.raises(MailNotSent):
            wrong.send(notice_mail(notice(2), sender=mailer.sender))
    finally:
        secure.stop()
    assert secure.inbox.message_ids() == [f"<{notice(1).notice_id}@samspil>"]
