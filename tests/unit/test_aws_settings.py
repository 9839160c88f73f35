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


def test_language_options_and_max_speakers_reach_the_container_as_amazon_takes_them():
    config = (
        Settings.from_env(
            {**AWS, "VOXRELAY_AWS_LANGUAGE_OPTIONS": "en-US, es-US,ast-ES", "VOXRELAY_AWS_MAX_SPEAKERS": "30"}
        )
        .validate()
        .as_config()
    )
    assert config["aws_language_options"] == ["en-US", "es-US", "ast-ES"]
    assert config["aws_max_speakers"] == 30


@pytest.mark.parametrize("max_speakers", ["0", "", " "])
def test_no_options_and_no_speaker_labels_by_default(max_speakers):
    config = Settings.from_env({**AWS, "VOXRELAY_AWS_MAX_SPEAKERS": max_speakers}).validate().as_config()
    assert config["aws_language_options"] == [] and config["aws_max_speakers"] is None


@pytest.mark.parametrize(
    "change, says",
    [
        ({"VOXRELAY_AWS_LANGUAGE_OPTIONS": "en-US"}, "VOXRELAY_AWS_LANGUAGE_OPTIONS needs two or more"),
        ({"VOXRELAY_AWS_LANGUAGE_OPTIONS": "en-US,en-US"}, "VOXRELAY_AWS_LANGUAGE_OPTIONS needs two or more"),
        (
            {"VOXRELAY_AWS_LANGUAGE_OPTIONS": "en,es"},
            "VOXRELAY_AWS_LANGUAGE_OPTIONS takes codes such as en-US, not en, es",
        ),
        ({"VOXRELAY_AWS_LANGUAGE_OPTIONS": "en-US;es-US"}, "not en-US;es-US"),
        ({"VOXRELAY_AWS_MAX_SPEAKERS": "1"}, "VOXRELAY_AWS_MAX_SPEAKERS must be from 2 to 30"),
        ({"VOXRELAY_AWS_MAX_SPEAKERS": "31"}, "VOXRELAY_AWS_MAX_SPEAKERS must be from 2 to 30"),
        ({"VOXRELAY_AWS_MAX_SPEAKERS": "-2"}, "VOXRELAY_AWS_MAX_SPEAKERS must be from 2 to 30"),
        ({"VOXRELAY_AWS_MAX_SPEAKERS": "two"}, "VOXRELAY_AWS_MAX_SPEAKERS: expected int"),
    ],
)
def test_transcribe_options_amazon_would_refuse_stop_the_start_naming_the_variable(change, says):
    with pytest.raises(ValueError, match=says):
        Settings.from_env({**AWS, **change}).validate()
