"""AWS mode refuses to start without what it needs, and says which variable is missing."""

import pytest

from entrypoints.settings import Settings

TOPIC = "arn:aws:sns:us-east-1:123456789012:voxrelay-output"
AWS = {
    "VOXRELAY_STORAGE": "s3",
    "VOXRELAY_TRANSCRIBER": "aws",
    "VOXRELAY_S3_INPUT_BUCKET": "in",
    "VOXRELAY_S3_OUTPUT_BUCKET": "out",
    "VOXRELAY_SNS_TOPIC_ARNS": f"{TOPIC}, arn:aws:sns:eu-west-1:123456789012:other",
}


def test_a_complete_aws_configuration_is_accepted_with_its_topics_as_a_list():
    config = Settings.from_env(AWS).validate().as_config()
    assert config["sns_topic_arns"] == [TOPIC, "arn:aws:sns:eu-west-1:123456789012:other"]
    assert config["aws_region"] is None  # boto3's own chain decides


@pytest.mark.parametrize(
    "change, named",
    [
        ({"VOXRELAY_STORAGE": "local"}, "VOXRELAY_STORAGE=s3"),
        ({"VOXRELAY_S3_INPUT_BUCKET": ""}, "VOXRELAY_S3_INPUT_BUCKET"),
        ({"VOXRELAY_S3_OUTPUT_BUCKET": ""}, "VOXRELAY_S3_OUTPUT_BUCKET"),
        ({"VOXRELAY_SNS_TOPIC_ARNS": " , "}, "VOXRELAY_SNS_TOPIC_ARNS"),
        ({"VOXRELAY_SNS_TOPIC_ARNS": "voxrelay-output"}, "VOXRELAY_SNS_TOPIC_ARNS"),
        ({"VOXRELAY_SNS_CERT_HOST_PATTERN": "(unclosed"}, "VOXRELAY_SNS_CERT_HOST_PATTERN"),
        ({"VOXRELAY_TRANSCRIBE_POLL_AFTER_SECONDS": "0"}, "VOXRELAY_TRANSCRIBE_POLL_AFTER_SECONDS"),
    ],
)
def test_an_incomplete_aws_configuration_names_what_is_missing(change, named):
    with pytest.raises(ValueError, match=named):
        Settings.from_env({**AWS, **change}).validate()


def test_aws_mode_runs_on_redis_state_too():
    assert Settings.from_env({**AWS, "VOXRELAY_STATE": "redis"}).validate().state == "redis"


def test_s3_storage_alone_needs_only_the_input_bucket():
    Settings(storage="s3", s3_input_bucket="in").validate()
    with pytest.raises(ValueError, match="VOXRELAY_S3_INPUT_BUCKET"):
        Settings(storage="s3").validate()
