"""Every AWS call each function makes is allowed by that function's role in the template.

moto checks neither IAM nor KMS, so this test does: it deploys the stack's resources into moto
(tables, queues, buckets, KMS keys, secrets, a user pool), gives each function the environment
the template gives it, and runs the function's real work through its real Lambda handler — the
API through API Gateway events, the workers through SQS records, the scheduler through its
schedules' inputs — with Bedrock, Google and the job boards played by their fakes. Every boto3
call is recorded per function (botocore's event hooks on every client the application makes)
and turned into the IAM permissions it needs, KMS use included (tables and resume files are
encrypted with the stack's key, secrets with the token key). Each need is then evaluated
against the function's role, conditions included.
"""

from __future__ import annotations

import base64
import copy
import json
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import boto3
import httpx
import pytest
from moto.cognitoidp.models import cognitoidp_backends

from core.jobs.cache import INDEX_CACHE
from deploy.aws.handlers import api as api_handler
from deploy.aws.handlers import runtime, scheduler, worker
from integrations.aws import on_client_created
from integrations.storage.dynamodb import DynamoStore
from tests.deploy.cfn import load, ref
from tests.deploy.conftest import receive_records
from tests.deploy.iam import ACCOUNT, REGION, Need, Resolver, World, check, needs_of
from tests.fakes.bedrock_server import FakeBedrock
from tests.fakes.gmail_server import FakeGoogle
from tests.fakes.jobboards_server import FakeBoards
from tests.gmail.conftest import corpus_message
from tests.resume import samples
from tests.resume.builders import build_pdf
from tests.support.cognito import create_pool, create_signed_in_user, idp_client
from tests.support.lambda_events import LambdaContext, proxy_event

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = load(ROOT / "deploy" / "aws" / "template.yaml")
QUEUES = ("ResumeQueue", "JobsQueue", "GmailQueue", "RoadmapQueue", "SchedulerDeadLetterQueue")
FUNCTIONS = {
    name: resource
    for name, resource in TEMPLATE["Resources"].items()
    if resource["Type"] == "AWS::Serverless::Function"
}
# Variables the test adds to a function's environment: where the stand-ins listen.
ENDPOINTS = {
    "DYNAMODB_ENDPOINT_URL", "S3_ENDPOINT_URL", "SQS_ENDPOINT_URL", "COGNITO_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER", "BEDROCK_ENDPOINT_URL", "GMAIL_API_BASE_URL",
    "GOOGLE_AUTH_URI", "GOOGLE_TOKEN_URI", "GOOGLE_REVOKE_URI", "GREENHOUSE_BASE_URL",
}  # fmt: skip
LLM_ANSWER = {
    "strengths": ["Clear results"], "weaknesses": ["Few numbers"],
    "suggestions": ["Experience: add a number to each bullet"],
    "summary": "A good fit.", "gaps": ["Kubernetes"], "advice": ["Mention Docker"],
    "narrative": "Hiring is steady.", "milestones": [], "resources": [],
    "isInterview": True, "confidence": 0.9, "reason": "an invitation",
}  # fmt: skip


@dataclass
class Call:
    function: str
    service: str
    operation: str
    params: dict[str, Any]


@dataclass
class Recorder:
    """Labels every client with the function whose container made it, and records its calls."""

    function: str = "setup"
    calls: list[Call] = field(default_factory=list)

    def __call__(self, client: Any) -> None:
        label = self.function
        service = client.meta.service_model.service_name

        def record(params: dict[str, Any], model: Any, **_: Any) -> None:
            if model.auth_type != "none":  # Cognito's GetUser is authorised by the token
                self.calls.append(Call(label, service, model.name, copy.deepcopy(params)))

        client.meta.events.register("before-parameter-build", record)


@dataclass
class Stack:
    resolver: Resolver
    world: World
    moto: str
    fakes: dict[str, str]
    tmp: Path
    token: str
    sqs: Any
    queue_urls: dict[str, str]
    pool_id: str
    client_id: str
    email: str

    def environment(self, function: str) -> dict[str, str]:
        """The function's environment as the template sets it, plus the stand-ins' endpoints."""
        variables = dict(TEMPLATE["Globals"]["Function"]["Environment"]["Variables"])
        variables.update(
            FUNCTIONS[function]["Properties"].get("Environment", {}).get("Variables", {})
        )
        env = {}
        for name, node in variables.items():
            value = self.resolver.value(node)
            if value is not None and not isinstance(value, (dict, list)):
                env[name] = str(value)
            elif isinstance(value, list):
                env[name] = json.dumps(value)
        extra = {
            "DATA_DIR": str(self.tmp / function),
            "LOG_LEVEL": "WARNING",
            "DYNAMODB_ENDPOINT_URL": self.moto,
            "S3_ENDPOINT_URL": self.moto,
            "SQS_ENDPOINT_URL": self.moto,
            "COGNITO_ENDPOINT_URL": self.moto,
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": self.moto,
            "BEDROCK_ENDPOINT_URL": self.fakes["bedrock"],
            "GMAIL_API_BASE_URL": f"{self.fakes['google']}/",
            "GOOGLE_AUTH_URI": f"{self.fakes['google']}/o/oauth2/auth",
            "GOOGLE_TOKEN_URI": f"{self.fakes['google']}/token",
            "GOOGLE_REVOKE_URI": f"{self.fakes['google']}/revoke",
            "GREENHOUSE_BASE_URL": f"{self.fakes['boards']}/greenhouse/v1/boards",
            "AWS_LAMBDA_FUNCTION_NAME": f"{self.resolver.stack}-{function}",
        }
        assert set(extra) - {"DATA_DIR", "LOG_LEVEL", "AWS_LAMBDA_FUNCTION_NAME"} == ENDPOINTS
        return {**env, **extra}

    def queue(self, logical: str) -> str:
        return self.queue_urls[logical]


@contextmanager
def container(
    stack: Stack, recorder: Recorder, function: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """A new Lambda container of `function`: its environment, its own clients."""
    with monkeypatch.context() as m:
        for name, value in stack.environment(function).items():
            m.setenv(name, value)
        m.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the fake Google speaks plain HTTP
        runtime.use_services(None)
        api_handler.reset()
        INDEX_CACHE.clear()  # a new process holds no job index yet
        recorder.function = function
        try:
            yield
        finally:
            recorder.function = "setup"
            runtime.use_services(None)
            api_handler.reset()


def call_api(
    stack: Stack, method: str, path: str, *, body: Any = None, query: dict[str, str] | None = None
) -> tuple[int, Any]:
    event = proxy_event(method, path, token=stack.token, body=body)
    if query:
        event["queryStringParameters"] = query
        event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    response = api_handler.handler(event, LambdaContext())
    text = response.get("body") or ""
    if response.get("isBase64Encoded"):
        text = base64.b64decode(text).decode()
    try:
        return response["statusCode"], json.loads(text) if text else None
    except ValueError:
        return response["statusCode"], text


def upload_resume(stack: Stack, resume_id: str | None = None) -> dict[str, Any]:
    request = httpx.Request(
        "POST",
        "https://api.example.com/api/resume",
        files={"file": ("cv.pdf", build_pdf(samples.SOFTWARE_ENGINEER), "application/pdf")},
        data={"resumeId": resume_id} if resume_id else None,
    )
    body = request.read()
    event = proxy_event("POST", "/api/resume", token=stack.token)
    event["headers"]["Content-Type"] = request.headers["content-type"]
    event["multiValueHeaders"]["Content-Type"] = [request.headers["content-type"]]
    event["body"] = base64.b64encode(body).decode()
    event["isBase64Encoded"] = True
    response = api_handler.handler(event, LambdaContext())
    assert response["statusCode"] == 202, response
    uploaded: dict[str, Any] = json.loads(response["body"])
    return uploaded


def run_workers(
    stack: Stack, recorder: Recorder, monkeypatch: pytest.MonkeyPatch, ran: set[str]
) -> None:
    """Deliver every queued message to the function its queue triggers, as Lambda's poller
    does, until the queues are empty."""
    consumers = {
        ref(event["Properties"]["Queue"]): name
        for name, fn in FUNCTIONS.items()
        for event in fn["Properties"].get("Events", {}).values()
        if event["Type"] == "SQS"
    }
    for _ in range(8):
        delivered = False
        for logical, function in consumers.items():
            records = receive_records(stack.sqs, stack.queue(logical), 10)
            if not records:
                continue
            delivered = True
            ran.add(function)
            with container(stack, recorder, function, monkeypatch):
                result = worker.handler({"Records": records}, LambdaContext())
            failed = {f["itemIdentifier"] for f in result["batchItemFailures"]}
            assert not failed, f"{function} failed messages: {result}"
            for record in records:  # the poller deletes what succeeded
                stack.sqs.delete_message(
                    QueueUrl=stack.queue(logical), ReceiptHandle=record["receiptHandle"]
                )
        if not delivered:
            return
    raise AssertionError("the queues never emptied")


# --- the deployment ---------------------------------------------------------------------------


@pytest.fixture
def stack(tmp_path: Path, moto_server: str) -> Iterator[Stack]:
    name = f"ca{uuid.uuid4().hex[:8]}"
    clients = {s: boto3.client(s, endpoint_url=moto_server, region_name=REGION)
               for s in ("kms", "secretsmanager", "sqs", "s3")}  # fmt: skip
    data_key = clients["kms"].create_key(Description="data")["KeyMetadata"]["Arn"]
    token_key = clients["kms"].create_key(Description="tokens")["KeyMetadata"]["Arn"]

    google = FakeGoogle().start()
    bedrock = FakeBedrock(default_tool_input=LLM_ANSWER).start()
    boards = FakeBoards().start()
    boards.load_fixture("greenhouse", "acme")
    box = google.add_account("jamie.rivera@gmail.com")
    box.deliver(corpus_message("p01_recruiter_plain_zoom.eml"))

    secrets = clients["secretsmanager"]
    app_secret = secrets.create_secret(
        Name=f"{name}-app", KmsKeyId=token_key,
        SecretString=json.dumps({"SECRET_KEY": uuid.uuid4().hex * 2}),
    )["ARN"]  # fmt: skip
    google_secret = secrets.create_secret(
        Name=f"{name}-google", KmsKeyId=token_key,
        SecretString=json.dumps({"GOOGLE_CLIENT_SECRET": google.client_secret}),
    )["ARN"]  # fmt: skip

    queue_urls: dict[str, str] = {}
    for logical in QUEUES:
        props = TEMPLATE["Resources"][logical]["Properties"]
        fifo = props.get("FifoQueue", False)
        attributes = {"FifoQueue": "true", "DeduplicationScope": "messageGroup"} if fifo else {}
        queue_name = f"{name}-{logical}" + (".fifo" if fifo else "")
        queue_urls[logical] = clients["sqs"].create_queue(
            QueueName=queue_name, Attributes=attributes
        )["QueueUrl"]

    resume_bucket, index_bucket = f"{name}-resumes", f"{name}-job-index"
    s3 = clients["s3"]
    for bucket in (resume_bucket, index_bucket):
        s3.create_bucket(Bucket=bucket)
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(
        Bucket=resume_bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {
                    "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": data_key}}
            ]
        },
    )  # fmt: skip
    store = DynamoStore(moto_server, REGION, f"{name}-")
    store.init()  # CloudFormation creates the tables

    idp = idp_client(moto_server)
    pool_id, client_id = create_pool(idp)
    user = create_signed_in_user(idp, pool_id, client_id, f"iam-{name}@example.com")

    refs: dict[str, str] = {
        "ResumeBucket": resume_bucket, "JobIndexBucket": index_bucket,
        "AppSecret": app_secret, "GoogleOAuthSecret": google_secret,
        "UserPool": pool_id, "UserPoolClient": client_id, "UserPoolDomain": f"{name}-auth",
        "DataKey": data_key.rsplit("/", 1)[1], "TokenKey": token_key.rsplit("/", 1)[1],
        **queue_urls,
    }  # fmt: skip
    attributes: dict[tuple[str, str], str] = {
        ("DataKey", "Arn"): data_key, ("TokenKey", "Arn"): token_key,
        ("ResumeBucket", "Arn"): f"arn:aws:s3:::{resume_bucket}",
        ("JobIndexBucket", "Arn"): f"arn:aws:s3:::{index_bucket}",
        ("UserPool", "Arn"): f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{pool_id}",
    }  # fmt: skip
    for logical, url in queue_urls.items():
        attributes[(logical, "Arn")] = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{url.rsplit('/', 1)[1]}"
    for logical in TEMPLATE["Resources"]:  # what no call here touches (log groups, ...)
        attributes.setdefault((logical, "Arn"), f"arn:aws:other:{REGION}:{ACCOUNT}:{logical}")
    resolver = Resolver(
        TEMPLATE,
        name,
        parameters={
            "PublicUrl": "https://app.example.com",
            "AllowedOrigins": ["https://app.example.com"],
            "GoogleClientId": google.client_id,
            "JobBoards": '["greenhouse:acme"]',
        },
        refs=refs,
        attributes=attributes,
    )
    world = World(
        data_key_arn=data_key,
        token_key_arn=token_key,
        kms_buckets={resume_bucket},
        secret_key_arns={app_secret: token_key, google_secret: token_key},
    )
    yield Stack(
        resolver, world, moto_server,
        {"google": google.url, "bedrock": bedrock.url, "boards": boards.url},
        tmp_path, user["token"], clients["sqs"], queue_urls, pool_id, client_id,
        user["email"],
    )  # fmt: skip
    INDEX_CACHE.clear()
    store.drop_all()
    for fake in (google, bedrock, boards):
        fake.stop()


def role_of(function: str) -> str:
    found = ref(FUNCTIONS[function]["Properties"]["Role"])
    assert found
    return found


def poller_needs(stack: Stack, function: str) -> list[Need]:
    """What Lambda's event source mapping does with the function's role: read its queue."""
    out = []
    for event in FUNCTIONS[function]["Properties"].get("Events", {}).values():
        if event["Type"] == "SQS":
            arn = stack.resolver.value(event["Properties"]["Queue"])
            for action in ("ReceiveMessage", "DeleteMessage", "GetQueueAttributes"):
                out.append(Need(f"sqs:{action}", arn, because="the SQS event source"))
    return out


def needs_by_function(stack: Stack, calls: list[Call]) -> dict[str, list[Need]]:
    needs: dict[str, list[Need]] = defaultdict(list)
    for c in calls:
        if c.function != "setup":
            needs[c.function].extend(needs_of(stack.world, c.service, c.operation, c.params))
    for function in needs:
        needs[function].extend(poller_needs(stack, function))
    return needs


def refusals(resolver: Resolver, needs: dict[str, list[Need]]) -> dict[str, list[str]]:
    out = {}
    for function, wanted in needs.items():
        missing = check(resolver.statements(role_of(function)), wanted)
        if missing:
            out[function] = missing
    return out


# --- the test ---------------------------------------------------------------------------------


def test_every_call_of_every_function_is_allowed_by_its_role(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    stop = on_client_created(recorder)
    ran: set[str] = set()
    try:
        # A person signs in, fills in their profile, uploads a resume and connects Gmail.
        with container(stack, recorder, "ApiFunction", monkeypatch):
            ran.add("ApiFunction")
            assert call_api(stack, "GET", "/api/ready")[0] == 200
            status, me = call_api(stack, "GET", "/api/users/me")
            assert status == 200, me
            profile = {"skills": ["Python", "Go", "PostgreSQL"], "targetRole": "Backend Engineer"}
            assert call_api(stack, "PUT", "/api/users/me", body=profile)[0] == 200
            uploaded = upload_resume(stack)
            second = upload_resume(stack, uploaded["resumeId"])
            assert second["versionNumber"] == 2, second
            status, connect = call_api(stack, "GET", "/api/gmail/connect")
            assert status == 200, connect
            consent = httpx.get(connect["authorizationUrl"], follow_redirects=False)
            back = {
                k: v[0] for k, v in parse_qs(urlparse(consent.headers["location"]).query).items()
            }
            status, connected = call_api(stack, "GET", "/api/gmail/callback", query=back)
            assert status in (200, 302, 303, 307), connected

        # Every schedule fires: job-board ingestion, a Gmail scan per connected account, ...
        schedules = [r for r in TEMPLATE["Resources"].values()
                     if r["Type"] == "AWS::Scheduler::Schedule"]  # fmt: skip
        assert len(schedules) >= 2
        for schedule in schedules:
            target = schedule["Properties"]["Target"]
            event = json.loads(target["Input"].replace("<aws.scheduler.scheduled-time>", "t1"))
            with container(stack, recorder, "SchedulerFunction", monkeypatch):
                ran.add("SchedulerFunction")
                scheduler.handler(event, LambdaContext())

        # The workers take what was queued: ingestion (which publishes the job index), the
        # resume analysis, the Gmail scan.
        run_workers(stack, recorder, monkeypatch, ran)

        # A roadmap (from the published index) and an application.
        with container(stack, recorder, "ApiFunction", monkeypatch):
            roadmap = {"targetRole": "Staff Engineer", "skills": ["Python"]}
            assert call_api(stack, "POST", "/api/ai/roadmap", body=roadmap)[0] == 202
            application = {"company": "Acme Payments", "title": "Backend Engineer"}
            assert call_api(stack, "POST", "/api/applications", body=application)[0] == 201
        run_workers(stack, recorder, monkeypatch, ran)

        # The person comes back: jobs (from the published index), a match explained by the
        # model, the market, interviews found in Gmail, their file, their data; then erasure.
        with container(stack, recorder, "ApiFunction", monkeypatch):
            status, page = call_api(stack, "GET", "/api/jobs")
            assert status == 200 and page["total"] > 0, page
            job_id = page["items"][0]["jobId"]
            assert call_api(stack, "GET", f"/api/jobs/{job_id}")[0] == 200
            status, match = call_api(stack, "GET", f"/api/jobs/{job_id}/match")
            assert status == 200 and match["explanation"]["generatedBy"] == "llm", match
            query = {"role": "Backend Engineer"}
            assert call_api(stack, "GET", "/api/market-intelligence", query=query)[0] == 200
            status, interviews = call_api(stack, "GET", "/api/interviews")
            assert status == 200 and interviews["items"], interviews
            assert call_api(stack, "GET", "/api/applications")[0] == 200
            rid = uploaded["resumeId"]
            status, resume = call_api(stack, "GET", f"/api/resume/{rid}")
            assert status == 200 and resume["status"] == "done", resume
            assert call_api(stack, "GET", f"/api/resume/{rid}/file")[0] == 200
            status, left = call_api(stack, "DELETE", f"/api/resume/{rid}/versions/2")
            assert status == 200 and left["versionNumber"] == 1, left
            assert call_api(stack, "GET", f"/api/tasks/{uploaded['taskId']}")[0] == 200
            assert call_api(stack, "GET", "/api/users/me/export")[0] == 200
            # A forgotten password: Cognito emails a code (read here from moto's pool), and
            # the reset signs the person out everywhere.
            assert (
                call_api(stack, "POST", "/api/auth/forgot", body={"email": stack.email})[0] == 204
            )
            pool = cognitoidp_backends[ACCOUNT][REGION].user_pools[stack.pool_id]
            code = pool._get_user(stack.email).confirmation_code
            reset = {"email": stack.email, "code": code, "newPassword": "Another-passw0rd!"}
            status, answer = call_api(stack, "POST", "/api/auth/reset", body=reset)
            assert status == 204, answer
            # The reset ended the old sign-in at once; the person signs in with the new password.
            assert call_api(stack, "GET", "/api/users/me")[0] == 401
            stack.token = idp_client(stack.moto).initiate_auth(
                ClientId=stack.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": stack.email, "PASSWORD": reset["newPassword"]},
            )["AuthenticationResult"]["AccessToken"]
            assert call_api(stack, "DELETE", "/api/users/me")[0] == 204
    finally:
        stop()

    assert ran == set(FUNCTIONS), f"functions never run: {set(FUNCTIONS) - ran}"
    needs = needs_by_function(stack, recorder.calls)
    # What makes the check worth having: each function's real work touched encrypted data.
    for function in FUNCTIONS:
        assert any(n.action == "kms:Decrypt" for n in needs[function]), function
    calls = {(c.function, c.service, c.operation) for c in recorder.calls}
    assert ("JobsWorkerFunction", "s3", "PutObject") in calls  # the index is published
    assert ("ApiFunction", "cognito-idp", "AdminDeleteUser") in calls  # erasure
    assert ("ResumeWorkerFunction", "bedrock-runtime", "Converse") in calls
    index_reads = {
        c.function
        for c in recorder.calls
        if c.operation == "GetObject" and c.params["Bucket"].endswith("-job-index")
    }
    assert index_reads == {"ApiFunction", "RoadmapWorkerFunction"}  # both load the index
    # Only ingestion reads the Jobs table whole; the API reads no table whole.
    scans = {(c.function, c.params["TableName"].rsplit("-", 1)[1])
             for c in recorder.calls if c.operation == "Scan"}  # fmt: skip
    assert scans == {("JobsWorkerFunction", "Jobs"), ("SchedulerFunction", "GmailAccounts")}

    problems = refusals(stack.resolver, needs)
    assert not problems, "calls the roles do not allow:\n" + json.dumps(problems, indent=2)

    # The same check catches what broke the first deployment: no kms:Decrypt on the data key
    # for the workers, and a kms:ViaService condition on the Cognito erasure call.
    broken = copy.deepcopy(TEMPLATE)
    jobs_role = broken["Resources"]["JobsWorkerRole"]["Properties"]["Policies"][0]
    statements = jobs_role["PolicyDocument"]["Statement"]
    statements[:] = [s for s in statements if s.get("Sid") != "DataKey"]
    api_role = broken["Resources"]["ApiFunctionRole"]["Properties"]["Policies"][0]
    for statement in api_role["PolicyDocument"]["Statement"]:
        if statement.get("Sid") == "EraseSignIn":
            statement["Condition"] = {
                "StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}
            }
    old = Resolver(broken, stack.resolver.stack, stack.resolver.parameters,
                   stack.resolver.refs, stack.resolver.attributes)  # fmt: skip
    found = refusals(old, needs)
    assert any("kms:Decrypt" in p for p in found.get("JobsWorkerFunction", [])), found
    assert any("cognito-idp:AdminDeleteUser" in p for p in found.get("ApiFunction", [])), found
