"""Writes the DynamoDB part of the AWS template from the table schema, so the two cannot drift.

    uv run python -m deploy.aws.tables          # rewrite the generated block in template.yaml
    uv run python -m deploy.aws.tables --check  # exit 1 when the block is out of date

Every table gets on-demand billing, point-in-time recovery, KMS encryption with the stack's data
key, deletion protection, and a throttling alarm; tables of short-lived bookkeeping get a
time-to-live on the schema's expiry attribute.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.storage.schema import EXPIRY_ATTRIBUTE, TABLES
from integrations.storage.dynamodb import table_definitions

TEMPLATE = Path(__file__).with_name("template.yaml")
BEGIN = "  # >>> tables: generated from core/storage/schema.py by `python -m deploy.aws.tables`"
END = "  # <<< tables"


def logical_id(table: str) -> str:
    return f"{table}Table"


def alarm_id(table: str) -> str:
    return f"{table}ThrottleAlarm"


def _keys(keys: list[dict[str, str]], indent: str) -> list[str]:
    lines = []
    for key in keys:
        lines.append(f"{indent}- AttributeName: {key['AttributeName']}")
        lines.append(f"{indent}  KeyType: {key['KeyType']}")
    return lines


def _table(definition: dict[str, Any]) -> list[str]:
    name = definition["TableName"]
    out = [
        f"  {logical_id(name)}:",
        "    Type: AWS::DynamoDB::Table",
        "    DeletionPolicy: Retain",
        "    UpdateReplacePolicy: Retain",
        "    Properties:",
        f'      TableName: !Sub "${{AWS::StackName}}-{name}"',
        "      BillingMode: PAY_PER_REQUEST",
        "      AttributeDefinitions:",
    ]
    for attribute in definition["AttributeDefinitions"]:
        out.append(f"        - AttributeName: {attribute['AttributeName']}")
        out.append(f"          AttributeType: {attribute['AttributeType']}")
    out.append("      KeySchema:")
    out.extend(_keys(definition["KeySchema"], "        "))
    if definition.get("GlobalSecondaryIndexes"):
        out.append("      GlobalSecondaryIndexes:")
        for gsi in definition["GlobalSecondaryIndexes"]:
            out.append(f"        - IndexName: {gsi['IndexName']}")
            out.append("          KeySchema:")
            out.extend(_keys(gsi["KeySchema"], "            "))
            out.append("          Projection:")
            out.append(f"            ProjectionType: {gsi['Projection']['ProjectionType']}")
    if TABLES[name].expire_after_seconds:
        out += [
            "      TimeToLiveSpecification:",
            f"        AttributeName: {EXPIRY_ATTRIBUTE}",
            "        Enabled: true",
        ]
    out += [
        "      PointInTimeRecoverySpecification:",
        "        PointInTimeRecoveryEnabled: true",
        "      SSESpecification:",
        "        SSEEnabled: true",
        "        SSEType: KMS",
        "        KMSMasterKeyId: !Ref DataKey",
        "      DeletionProtectionEnabled: true",
        "",
    ]
    return out


def _alarm(name: str) -> list[str]:
    out = [
        f"  {alarm_id(name)}:",
        "    Type: AWS::CloudWatch::Alarm",
        "    Properties:",
        f"      AlarmDescription: DynamoDB throttled reads or writes on {name}",
        "      ComparisonOperator: GreaterThanThreshold",
        "      Threshold: 0",
        "      EvaluationPeriods: 1",
        "      TreatMissingData: notBreaching",
        "      AlarmActions: [!Ref AlarmTopic]",
        "      OKActions: [!Ref AlarmTopic]",
        "      Metrics:",
        "        - Id: throttled",
        "          Label: throttled events",
        "          Expression: FILL(reads, 0) + FILL(writes, 0)",
        "          ReturnData: true",
    ]
    for metric_id, metric in (("reads", "ReadThrottleEvents"), ("writes", "WriteThrottleEvents")):
        out += [
            f"        - Id: {metric_id}",
            "          ReturnData: false",
            "          MetricStat:",
            "            Metric:",
            "              Namespace: AWS/DynamoDB",
            f"              MetricName: {metric}",
            f"              Dimensions: [{{Name: TableName, Value: !Ref {logical_id(name)}}}]",
            "            Period: 300",
            "            Stat: Sum",
        ]
    out.append("")
    return out


def render() -> str:
    """The generated block, markers included."""
    lines = [BEGIN, ""]
    definitions = table_definitions()
    for definition in definitions:
        lines += _table(definition)
    for definition in definitions:
        lines += _alarm(definition["TableName"])
    lines.append(END)
    return "\n".join(lines) + "\n"


def synced(text: str) -> str:
    """`text` (a template) with its generated block replaced by the current one."""
    start = text.find(BEGIN)
    end = text.find(END)
    if start < 0 or end < start:
        raise ValueError("the template has no generated tables block")
    stop = end + len(END)
    if text[stop : stop + 1] == "\n":
        stop += 1
    return text[:start] + render() + text[stop:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether it is current")
    args = parser.parse_args(argv)
    text = TEMPLATE.read_text()
    new = synced(text)
    if args.check:
        if new != text:
            print("template tables are stale: run python -m deploy.aws.tables", file=sys.stderr)
            return 1
        return 0
    if new != text:
        TEMPLATE.write_text(new)
        print(f"updated {TEMPLATE.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
