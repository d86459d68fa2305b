"""The Lambda side of Career Agent against moto's server: DynamoDB tables, SQS queues (the Gmail
one FIFO, as in the template), and services built the way a Lambda container builds them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from core.settings import Settings
from deploy.aws.handlers import api as api_handler
from deploy.aws.handlers import runtime
from integrations.container import Services, build_services
from tests.support.env import make_settings


@pytest.fixture
def sqs(moto_server: str) -> Any:
    return boto3.client("sqs", endpoint_url=moto_server, region_name="us-east-1")


@pytest.fixture
def queues(sqs: Any) -> Iterator[dict[str, str]]:
    """Queue URL by task area; `default` shares the jobs queue, as in the template."""
    tag = uuid.uuid4().hex[:8]
    urls: dict[str, str] = {}
    for area in ("resume", "jobs", "roadmap"):
        urls[area] = sqs.create_queue(QueueName=f"{area}-{tag}")["QueueUrl"]
    urls["gmail"] = sqs.create_queue(
        QueueName=f"gmail-{tag}.fifo",
        Attributes={"FifoQueue": "true", "DeduplicationScope": "messageGroup"},
    )["QueueUrl"]
    urls["default"] = urls["jobs"]
    yield urls
    for url in set(urls.values()):
        sqs.delete_queue(QueueUrl=url)


def aws_settings_for(
    data_dir: Path, moto_server: str, queues: dict[str, str], **overrides: Any
) -> Settings:
    return make_settings(
        data_dir,
        "",  # no Redis on Lambda
        storage_backend="dynamodb",
        dynamodb_endpoint_url=moto_server,
        dynamodb_table_prefix=f"t{uuid.uuid4().hex[:10]}-",
        queue_backend="sqs",
        sqs_queue_urls=queues,
        sqs_endpoint_url=moto_server,
        aws_region="us-east-1",
        **overrides,
    )


@pytest.fixture
def aws_settings(tmp_path: Path, moto_server: str, queues: dict[str, str]) -> Settings:
    return aws_settings_for(tmp_path / "data", moto_server, queues)


@pytest.fixture
def lambda_services(aws_settings: Settings) -> Iterator[Services]:
    """Services as a Lambda container holds them between invocations."""
    services = build_services(aws_settings)
    services.store.init()
    runtime.use_services(services)
    api_handler.reset()
    yield services
    runtime.use_services(None)
    api_handler.reset()
    services.store.drop_all()


def queue_arn(sqs: Any, url: str) -> str:
    return str(
        sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
    )


def receive_records(
    sqs: Any, url: str, count: int, *, visibility: int = 30
) -> list[dict[str, Any]]:
    """Receive messages as Lambda's SQS poller does, shaped as the records of a Lambda event."""
    arn = queue_arn(sqs, url)
    records: list[dict[str, Any]] = []
    for _ in range(20):
        if len(records) >= count:
            break
        reply = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=min(10, count - len(records)),
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
            VisibilityTimeout=visibility,
        )
        for message in reply.get("Messages", []):
            records.append(
                {
                    "messageId": message["MessageId"],
                    "receiptHandle": message["ReceiptHandle"],
                    "body": message["Body"],
                    "attributes": message.get("Attributes", {}),
                    "messageAttributes": message.get("MessageAttributes", {}),
                    "md5OfBody": message["MD5OfBody"],
                    "eventSource": "aws:sqs",
                    "eventSourceARN": arn,
                    "awsRegion": "us-east-1",
                }
            )
    return records


def drain(sqs: Any, url: str) -> list[dict[str, Any]]:
    """Every message visible on a queue now (received and deleted)."""
    out: list[dict[str, Any]] = []
    while True:
        reply = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"], VisibilityTimeout=30
        )
        messages = reply.get("Messages", [])
        if not messages:
            return out
        for message in messages:
            out.append(message)
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
