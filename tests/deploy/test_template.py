"""The AWS template keeps the original design's safeguards, and matches the code it deploys."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.settings import Settings
from core.storage.schema import TABLES
from deploy.aws import tables as generated
from integrations.storage.dynamodb import table_definitions
from tests.deploy.cfn import as_list, load, ref, walk

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_PATH = ROOT / "deploy" / "aws" / "template.yaml"

# Actions AWS only grants on every resource: X-Ray segments, CloudWatch metric data, and listing
# tables (the readiness check). Nothing else may name Resource "*".
STAR_RESOURCE_ALLOWED = frozenset(
    {
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "cloudwatch:PutMetricData",
        "dynamodb:ListTables",
    }
)
# Variables Lambda sets itself and refuses in a function's configuration.
LAMBDA_RESERVED = frozenset({"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "_HANDLER"})


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load(TEMPLATE_PATH)


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def functions(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return resources(template, "AWS::Serverless::Function")


def sqs_events(fn: dict[str, Any]) -> list[dict[str, Any]]:
    events = fn["Properties"].get("Events", {}).values()
    return [e["Properties"] for e in events if e["Type"] == "SQS"]


# --- lint -----------------------------------------------------------------------------------


def test_cfn_lint_passes() -> None:
    exe = Path(sys.executable).with_name("cfn-lint")
    if exe.exists():
        command = [str(exe), str(TEMPLATE_PATH)]
    else:
        uv = shutil.which("uv")
        assert uv, "neither cfn-lint nor uv found"
        command = [uv, "run", "cfn-lint", str(TEMPLATE_PATH)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# --- tables ---------------------------------------------------------------------------------


def _normalised(definition: dict[str, Any]) -> dict[str, Any]:
    return {
        "keys": [(k["AttributeName"], k["KeyType"]) for k in definition["KeySchema"]],
        "attributes": sorted(
            (a["AttributeName"], a["AttributeType"]) for a in definition["AttributeDefinitions"]
        ),
        "indexes": sorted(
            (
                g["IndexName"],
                tuple((k["AttributeName"], k["KeyType"]) for k in g["KeySchema"]),
                g["Projection"]["ProjectionType"],
            )
            for g in definition.get("GlobalSecondaryIndexes", [])
        ),
    }


def test_tables_and_indexes_equal_the_schema(template: dict[str, Any]) -> None:
    declared = resources(template, "AWS::DynamoDB::Table")
    by_name: dict[str, dict[str, Any]] = {}
    for logical, table in declared.items():
        name = table["Properties"]["TableName"]["Fn::Sub"]
        assert name.startswith("${AWS::StackName}-"), logical
        by_name[name.removeprefix("${AWS::StackName}-")] = table["Properties"]
    hint = "run `uv run python -m deploy.aws.tables` to regenerate the template's tables"
    assert set(by_name) == set(TABLES), hint
    for definition in table_definitions():
        name = definition["TableName"]
        assert _normalised(by_name[name]) == _normalised(definition), f"{name}: {hint}"
        schema = TABLES[name]
        keys = [k["AttributeName"] for k in by_name[name]["KeySchema"]]
        assert keys == [k for k in (schema.partition_key, schema.sort_key) if k]
        gsis = {
            g["IndexName"]: [k["AttributeName"] for k in g["KeySchema"]]
            for g in by_name[name].get("GlobalSecondaryIndexes", [])
        }
        assert gsis == {
            i.name: [k for k in (i.partition_key, i.sort_key) if k] for i in schema.indexes
        }


def test_generated_block_is_current() -> None:
    text = TEMPLATE_PATH.read_text()
    assert generated.synced(text) == text, "run `uv run python -m deploy.aws.tables`"


def test_tables_are_on_demand_recoverable_encrypted_and_kept(template: dict[str, Any]) -> None:
    for logical, table in resources(template, "AWS::DynamoDB::Table").items():
        props = table["Properties"]
        assert props["BillingMode"] == "PAY_PER_REQUEST", logical
        assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
        sse = props["SSESpecification"]
        assert sse["SSEEnabled"] is True and sse["SSEType"] == "KMS", logical
        assert ref(sse["KMSMasterKeyId"]) == "DataKey", logical
        assert props["DeletionProtectionEnabled"] is True, logical
        assert table["DeletionPolicy"] == "Retain", logical


# --- files ----------------------------------------------------------------------------------


def _bucket_policy(template: dict[str, Any], bucket: str) -> dict[str, Any]:
    for policy in resources(template, "AWS::S3::BucketPolicy").values():
        if ref(policy["Properties"]["Bucket"]) == bucket:
            return dict(policy["Properties"]["PolicyDocument"])
    raise AssertionError(f"no bucket policy for {bucket}")


def test_every_bucket_blocks_public_access_and_refuses_plain_http(
    template: dict[str, Any],
) -> None:
    buckets = resources(template, "AWS::S3::Bucket")
    assert "ResumeBucket" in buckets
    for logical, bucket in buckets.items():
        props = bucket["Properties"]
        block = props["PublicAccessBlockConfiguration"]
        assert all(
            block[k] is True
            for k in (
                "BlockPublicAcls",
                "BlockPublicPolicy",
                "IgnorePublicAcls",
                "RestrictPublicBuckets",
            )
        ), logical
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"], logical
        statements = _bucket_policy(template, logical)["Statement"]
        assert any(
            s["Effect"] == "Deny"
            and s["Principal"] == "*"
            and s["Condition"]["Bool"]["aws:SecureTransport"] == "false"
            for s in statements
        ), f"{logical} accepts requests without TLS"
        # Nobody outside the account may read: only a service principal, scoped to its source.
        for s in statements:
            if s["Effect"] == "Allow":
                assert s["Principal"] != "*" and "Condition" in s, logical


def test_resume_bucket_keeps_versions_for_90_days_encrypted_with_kms(
    template: dict[str, Any],
) -> None:
    props = template["Resources"]["ResumeBucket"]["Properties"]
    assert props["VersioningConfiguration"]["Status"] == "Enabled"
    rule = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert ref(rule["ServerSideEncryptionByDefault"]["KMSMasterKeyID"]) == "DataKey"
    expiries = [
        r["NoncurrentVersionExpiration"]["NoncurrentDays"]
        for r in props["LifecycleConfiguration"]["Rules"]
        if "NoncurrentVersionExpiration" in r and r["Status"] == "Enabled"
    ]
    assert expiries == [90]
    assert template["Resources"]["ResumeBucket"]["DeletionPolicy"] == "Retain"


# --- queues and workers ---------------------------------------------------------------------


def test_every_work_queue_has_a_dead_letter_queue_after_five_receives(
    template: dict[str, Any],
) -> None:
    queues = resources(template, "AWS::SQS::Queue")
    consumed = {ref(e["Queue"]) for fn in functions(template).values() for e in sqs_events(fn)}
    assert consumed == {"ResumeQueue", "JobsQueue", "GmailQueue", "RoadmapQueue"}
    for name in consumed:
        redrive = queues[name]["Properties"]["RedrivePolicy"]
        assert redrive["maxReceiveCount"] == 5, name
        dlq = ref(redrive["deadLetterTargetArn"])
        assert dlq in queues and "RedrivePolicy" not in queues[dlq]["Properties"], name
        fifo = queues[name]["Properties"].get("FifoQueue", False)
        assert queues[dlq]["Properties"].get("FifoQueue", False) == fifo, name
    for name, queue in queues.items():
        assert queue["Properties"].get("SqsManagedSseEnabled") is True, f"{name} unencrypted"


def test_visibility_timeout_is_at_least_six_times_the_consumer_timeout(
    template: dict[str, Any],
) -> None:
    queues = resources(template, "AWS::SQS::Queue")
    for logical, fn in functions(template).items():
        for event in sqs_events(fn):
            queue = queues[ref(event["Queue"]) or ""]["Properties"]
            window = event.get("MaximumBatchingWindowInSeconds", 0)
            assert queue["VisibilityTimeout"] >= 6 * fn["Properties"]["Timeout"] + window, logical


def test_workers_report_per_message_failures(template: dict[str, Any]) -> None:
    workers = [fn for fn in functions(template).values() if sqs_events(fn)]
    assert len(workers) == 4
    for fn in workers:
        assert fn["Properties"]["ImageConfig"]["Command"] == ["deploy.aws.handlers.worker.handler"]
        for event in sqs_events(fn):
            assert event["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_worker_time_limits_match_function_timeouts(template: dict[str, Any]) -> None:
    for logical, fn in functions(template).items():
        if not sqs_events(fn):
            continue
        env = fn["Properties"]["Environment"]["Variables"]
        timeout = fn["Properties"]["Timeout"]
        assert int(env["TASK_TIME_LIMIT_SECONDS"]) == timeout, logical
        assert int(env["TASK_SOFT_TIME_LIMIT_SECONDS"]) < timeout, logical


def test_handlers_named_by_the_functions_exist(template: dict[str, Any]) -> None:
    for logical, fn in functions(template).items():
        for command in fn["Properties"]["ImageConfig"]["Command"]:
            module, _, attribute = command.rpartition(".")
            assert callable(getattr(importlib.import_module(module), attribute)), logical


def test_api_function_size_and_events(template: dict[str, Any]) -> None:
    api = template["Resources"]["ApiFunction"]["Properties"]
    assert (api["MemorySize"], api["Timeout"]) == (1024, 30)
    routes = {
        (e["Properties"]["Path"], e["Properties"]["Method"]): e["Properties"].get("Auth", {})
        for e in api["Events"].values()
    }
    # Only these are public; everything else inherits the Cognito authorizer.
    public = {route for route, auth in routes.items() if auth.get("Authorizer") == "NONE"}
    preflights = {route for route in public if route[1] == "OPTIONS"}
    assert public - preflights == {
        ("/api/health", "GET"),
        ("/api/ready", "GET"),
        ("/api/config", "GET"),
        ("/api/gmail/callback", "GET"),
        ("/api/auth/forgot", "POST"),
        ("/api/auth/reset", "POST"),
    }
    # Every static segment leading to a route has a catch-all below it (API Gateway does not
    # fall back to a greedy path higher up), and every catch-all answers preflights.
    prefixes = {"/"}
    for path, _ in routes:
        parts = path.strip("/").split("/")
        prefixes.update("/" + "/".join(parts[:i]) for i in range(1, len(parts)))
    for prefix in prefixes:
        greedy = prefix.rstrip("/") + "/{proxy+}"
        assert (greedy, "ANY") in routes and (greedy, "ANY") not in public, greedy
        assert (greedy, "OPTIONS") in preflights, greedy
    assert ("/api/gmail", "ANY") in routes  # DELETE /api/gmail disconnects


def test_schedules_name_tasks_the_workers_know(template: dict[str, Any]) -> None:
    from core.tasks.registry import handler_names
    from deploy.aws.handlers import scheduler
    from workers import runtime as task_runtime

    task_runtime.load_task_modules()
    known = set(handler_names())
    schedules = resources(template, "AWS::Scheduler::Schedule")
    assert len(schedules) >= 2
    for logical, schedule in schedules.items():
        target = schedule["Properties"]["Target"]
        assert ref(target["Arn"]) == "SchedulerFunction"
        assert ref(target["DeadLetterConfig"]["Arn"]) == "SchedulerDeadLetterQueue"
        payload = json.loads(target["Input"])
        assert payload["scheduledTime"] == "<aws.scheduler.scheduled-time>", logical
        if payload.get("recover") is True:
            continue  # the recovery loop, which names no task
        if "fanOut" in payload:
            assert payload["fanOut"] in scheduler.FAN_OUTS, logical
        area = payload["task"].split(".", 1)[0]
        # A schedule for an area whose tasks exist must name one of them.
        if (ROOT / "workers" / "tasks" / f"{area}.py").exists():
            assert payload["task"] in known, f"{logical}: {payload['task']} is not a task"


def test_the_schedule_runs_the_loop_every_minute_with_the_rights_it_needs(
    template: dict[str, Any],
) -> None:
    [recovery_schedule] = [
        s
        for s in resources(template, "AWS::Scheduler::Schedule").values()
        if json.loads(s["Properties"]["Target"]["Input"]).get("recover") is True
    ]
    assert recovery_schedule["Properties"]["ScheduleExpression"] == "rate(1 minute)"
    assert ref(recovery_schedule["Properties"]["Target"]["Arn"]) == "SchedulerFunction"
    role = resources(template, "AWS::IAM::Role")["SchedulerFunctionRole"]
    statements = [
        st
        for p in role["Properties"]["Policies"]
        for st in as_list(p["PolicyDocument"]["Statement"])
    ]
    sendable = {
        ref(r)
        for st in statements
        if "sqs:SendMessage" in as_list(st["Action"])
        for r in as_list(st["Resource"])
    }
    work_queues = {
        name
        for name, q in resources(template, "AWS::SQS::Queue").items()
        if "RedrivePolicy" in q["Properties"]
    }
    assert work_queues <= sendable  # it can send a run of any kind again
    query = [st for st in statements if "dynamodb:Query" in as_list(st["Action"])]
    assert any(
        "TaskRuns/index/*" in (r.get("Fn::Sub", "") if isinstance(r, dict) else r)
        for st in query
        for r in as_list(st["Resource"])
    )


# --- API, auth ------------------------------------------------------------------------------


def test_api_throttling_logs_and_authorizer(template: dict[str, Any]) -> None:
    api = template["Resources"]["Api"]["Properties"]
    (settings,) = api["MethodSettings"]
    assert settings["ThrottlingRateLimit"] == 10000
    assert settings["ThrottlingBurstLimit"] == 5000
    assert (settings["ResourcePath"], settings["HttpMethod"]) == ("/*", "*")
    assert ref(api["AccessLogSetting"]["DestinationArn"]) == "ApiAccessLogGroup"
    assert "$context.requestId" in api["AccessLogSetting"]["Format"]
    auth = api["Auth"]
    assert auth["DefaultAuthorizer"] == "CognitoAuthorizer"
    authorizer = auth["Authorizers"]["CognitoAuthorizer"]
    assert ref(authorizer["UserPoolArn"]) == "UserPool"
    assert authorizer["Identity"]["Header"] == "Authorization"


def test_user_pool_policy_mfa_and_recovery(template: dict[str, Any]) -> None:
    pool = template["Resources"]["UserPool"]["Properties"]
    policy = pool["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == 8
    assert all(
        policy[k] is True
        for k in ("RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols")
    )
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["AccountRecoverySetting"]["RecoveryMechanisms"][0]["Name"] == "verified_email"
    client = template["Resources"]["UserPoolClient"]["Properties"]
    assert client["GenerateSecret"] is False
    assert client["AllowedOAuthFlows"] == ["code"]
    assert ref(client["CallbackURLs"]) == "CallbackUrls"
    assert ref(template["Resources"]["UserPoolDomain"]["Properties"]["UserPoolId"]) == "UserPool"


def test_parameters(template: dict[str, Any]) -> None:
    params = template["Parameters"]
    assert params["BedrockModelId"]["Default"] == Settings.model_fields["bedrock_model_id"].default
    for name in ("Stage", "AppDomainName", "AllowedOrigins", "CallbackUrls", "AuthDomainPrefix"):
        assert name in params


# --- environment ----------------------------------------------------------------------------


def _environments(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    envs = {"Globals": template["Globals"]["Function"]["Environment"]["Variables"]}
    for logical, fn in functions(template).items():
        envs[logical] = fn["Properties"].get("Environment", {}).get("Variables", {})
    return envs


def test_every_environment_variable_is_a_real_setting(template: dict[str, Any]) -> None:
    fields = set(Settings.model_fields)
    for where, variables in _environments(template).items():
        for name in variables:
            assert name not in LAMBDA_RESERVED, f"{where}: Lambda sets {name} itself"
            assert name == name.upper() and name.lower() in fields, f"{where}: {name} is unknown"


def test_functions_run_the_production_backends(template: dict[str, Any]) -> None:
    env = template["Globals"]["Function"]["Environment"]["Variables"]
    assert env["ENVIRONMENT"] == "production"
    assert env["STORAGE_BACKEND"] == "dynamodb"
    assert env["BLOB_BACKEND"] == "s3"
    assert env["LLM_BACKEND"] == "bedrock"
    assert env["AUTH_BACKEND"] == "cognito"
    assert env["QUEUE_BACKEND"] == "sqs"
    assert ref(env["BEDROCK_MODEL_ID"]) == "BedrockModelId"
    # The routing map names a queue for every task area, plus the default.
    urls = env["SQS_QUEUE_URLS"]["Fn::Sub"]
    routed = json.loads(urls.replace("${", "").replace('}"', '"'))
    assert set(routed) == {"resume", "jobs", "gmail", "roadmap", "default"}
    for fn in functions(template).values():
        secrets = fn["Properties"]["Environment"]["Variables"]["SECRETS_MANAGER_SECRET_IDS"]
        assert "${AppSecret}" in secrets["Fn::Sub"]


# --- IAM ------------------------------------------------------------------------------------


def _identity_statements(template: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for logical, role in resources(template, "AWS::IAM::Role").items():
        for policy in role["Properties"].get("Policies", []):
            for statement in as_list(policy["PolicyDocument"]["Statement"]):
                out.append((logical, statement))
    for logical, policy in resources(template, "AWS::IAM::Policy").items():
        for statement in as_list(policy["Properties"]["PolicyDocument"]["Statement"]):
            out.append((logical, statement))
    return out


def test_no_star_resource_except_where_aws_requires_it(template: dict[str, Any]) -> None:
    statements = _identity_statements(template)
    assert len(statements) > 20
    for logical, statement in statements:
        actions = set(as_list(statement["Action"]))
        assert not any(a == "*" or a.endswith(":*") for a in actions), f"{logical}: {actions}"
        if "*" in as_list(statement["Resource"]):
            extra = actions - STAR_RESOURCE_ALLOWED
            assert not extra, f"{logical} grants {sorted(extra)} on every resource"


def test_each_function_has_its_own_role_and_no_generated_policies(
    template: dict[str, Any],
) -> None:
    roles = [ref(fn["Properties"]["Role"]) for fn in functions(template).values()]
    assert len(roles) == len(set(roles)) == len(functions(template))
    for fn in functions(template).values():
        assert "Policies" not in fn["Properties"]


def test_workers_read_only_their_own_queue(template: dict[str, Any]) -> None:
    roles = resources(template, "AWS::IAM::Role")
    for logical, fn in functions(template).items():
        own = {ref(e["Queue"]) for e in sqs_events(fn)}
        role = roles[ref(fn["Properties"]["Role"]) or ""]
        for policy in role["Properties"]["Policies"]:
            for statement in as_list(policy["PolicyDocument"]["Statement"]):
                if "sqs:ReceiveMessage" in as_list(statement["Action"]):
                    assert {ref(r) for r in as_list(statement["Resource"])} == own, logical


# --- alarms ---------------------------------------------------------------------------------


def _alarm_dimension_refs(alarm: dict[str, Any]) -> set[str]:
    found = set()
    for node in walk(alarm["Properties"]):
        if isinstance(node, dict) and "Name" in node and "Value" in node:
            target = ref(node["Value"])
            if target:
                found.add(target)
    return found


def test_alarms_cover_the_original_design(template: dict[str, Any]) -> None:
    alarms = resources(template, "AWS::CloudWatch::Alarm")
    watched = {name: _alarm_dimension_refs(alarm) for name, alarm in alarms.items()}
    for alarm in alarms.values():
        assert ref(alarm["Properties"]["AlarmActions"][0]) == "AlarmTopic"

    # Lambda error rate above 5%, computed with metric math, for every function.
    for fn in functions(template):
        rate = [
            a
            for name, a in alarms.items()
            if fn in watched[name]
            and any(
                isinstance(m, dict) and m.get("Metric", {}).get("MetricName") == "Errors"
                for m in walk(a["Properties"])
            )
        ]
        assert rate, f"no error-rate alarm for {fn}"
        props = rate[0]["Properties"]
        assert props["Threshold"] == 5
        assert any("Expression" in m for m in props["Metrics"])

    # API latency above 3 s, on this stack's API and stage.
    (latency,) = [
        a["Properties"] for a in alarms.values() if a["Properties"].get("MetricName") == "Latency"
    ]
    assert latency["Threshold"] == 3000 and latency["Namespace"] == "AWS/ApiGateway"
    dims = {d["Name"]: d["Value"] for d in latency["Dimensions"]}
    assert dims["ApiName"] == template["Resources"]["Api"]["Properties"]["Name"]
    assert ref(dims["Stage"]) == "Stage"

    # Throttling on every table.
    for table in resources(template, "AWS::DynamoDB::Table"):
        assert any(table in refs for refs in watched.values()), f"no throttling alarm on {table}"

    # Bedrock failures.
    assert any(
        isinstance(n, dict) and n.get("Namespace") == "AWS/Bedrock"
        for a in alarms.values()
        for n in walk(a["Properties"])
    )

    # Messages in any dead-letter queue.
    queues = resources(template, "AWS::SQS::Queue")
    dead_letter = {
        ref(q["Properties"]["RedrivePolicy"]["deadLetterTargetArn"])
        for q in queues.values()
        if "RedrivePolicy" in q["Properties"]
    }
    dead_letter.add("SchedulerDeadLetterQueue")
    for dlq in dead_letter:
        assert any(
            dlq in watched[name]
            and a["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"
            and a["Properties"]["Threshold"] == 0
            for name, a in alarms.items()
        ), f"no alarm on {dlq}"


def test_outputs_give_the_spa_its_configuration(template: dict[str, Any]) -> None:
    outputs = template["Outputs"]
    for name in ("AppUrl", "ApiUrl", "UserPoolId", "UserPoolClientId", "CognitoDomain"):
        assert name in outputs
    assert "SpaBucketName" in outputs and "DistributionId" in outputs


def test_function_table_grants_name_real_tables(template: dict[str, Any]) -> None:
    marker = ":table/${AWS::StackName}-"
    for logical, statement in _identity_statements(template):
        for resource in as_list(statement["Resource"]):
            text = resource.get("Fn::Sub", "") if isinstance(resource, dict) else resource
            if not isinstance(text, str) or marker not in text:
                continue
            pattern = text.split(marker, 1)[1].removesuffix("/index/*")
            if pattern == "*":
                continue  # the API reaches every table of the stack (export and erasure)
            assert pattern.startswith("*") and pattern[1:] in TABLES, f"{logical}: {pattern}"
