import json
import logging
import sys

from entrypoints.logging_setup import JsonFormatter, RedactingFormatter, RedactSecrets, configure_logging, redact


def record(message: str, *args, **extra) -> logging.LogRecord:
    entry = logging.LogRecord("voxrelay.test", logging.INFO, __file__, 1, message, args, None)
    entry.__dict__.update(extra)
    return entry


def test_secrets_in_urls_and_headers_are_redacted():
    line = 'GET /notification?session_id=abcDEF123_-&x=1&token=s3cret HTTP/1.1 "Bearer key-123"'
    cleaned = redact(line)
    assert "abcDEF123" not in cleaned and "s3cret" not in cleaned and "key-123" not in cleaned
    assert "x=1" in cleaned


def test_the_filter_redacts_formatted_arguments_too():
    entry = record('%s - "WebSocket %s" %d', "127.0.0.1:5000", "/notification?session_id=TOPSECRET", 101)
    RedactSecrets().filter(entry)
    assert "TOPSECRET" not in entry.getMessage()


def test_json_lines_carry_extra_fields():
    line = json.loads(JsonFormatter().format(record("job %s done", "ab12", job_id="ab12", status="COMPLETED")))
    assert line["message"] == "job ab12 done"
    assert line["job_id"] == "ab12" and line["status"] == "COMPLETED" and line["level"] == "info"


def test_secret_names_are_redacted_however_they_are_percent_encoded():
    line = "GET /notification?%74oken=s3cret&session%5Fid=abc123&API_KEY=k1&x=1&mytoken=v2"

    cleaned = redact(line)

    assert not any(secret in cleaned for secret in ("s3cret", "abc123", "k1", "v2")), cleaned
    assert "x=1" in cleaned and "%74oken=[redacted]" in cleaned


def _failing_record() -> logging.LogRecord:
    try:
        raise ConnectionError("could not reach ws://127.0.0.1/notification?token=s3cret with Bearer k-1")
    except ConnectionError:
        return logging.LogRecord("voxrelay.test", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())


def test_text_tracebacks_are_redacted():
    line = RedactingFormatter("%(levelname)s %(message)s").format(_failing_record())

    assert "ConnectionError" in line and "token=[redacted]" in line
    assert "s3cret" not in line and "k-1" not in line


def test_json_tracebacks_and_extra_fields_are_redacted():
    entry = _failing_record()
    entry.path = "/v1/jobs?%74oken=s3cret"

    line = json.loads(JsonFormatter().format(entry))

    assert "ConnectionError" in line["error"] and "s3cret" not in json.dumps(line)


def test_the_configured_text_handler_redacts_tracebacks(capsys):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("info", "text")
        root.handlers[0].stream = sys.stderr
        logging.getLogger("voxrelay.test").handle(_failing_record())
    finally:
        root.handlers[:], root.level = saved
    err = capsys.readouterr().err
    assert "ConnectionError" in err and "s3cret" not in err


def test_passwords_in_urls_are_redacted_and_the_rest_of_the_url_kept():
    line = "connecting to rediss://voxrelay:s3cret@10.0.0.5:6380/0 and redis://:p%40ss@cache:6379/0"

    cleaned = redact(line)

    assert "s3cret" not in cleaned and "p%40ss" not in cleaned
    assert "rediss://voxrelay:[redacted]@10.0.0.5:6380/0" in cleaned
    assert redact("see http://127.0.0.1:8000/v1/jobs") == "see http://127.0.0.1:8000/v1/jobs"
