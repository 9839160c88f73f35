import json
import logging

from entrypoints.logging_setup import JsonFormatter, RedactSecrets, redact


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
