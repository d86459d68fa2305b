"""What IAM would say about the AWS calls a function makes, from the template alone.

- `Resolver` turns the template's intrinsic functions into values for one deployment (physical
  names and ARNs of what the test created in moto), so that a role's statements and a function's
  environment can be read as AWS would read them.
- `needs_of` turns one recorded botocore call into the IAM permissions it needs: the action on
  the resource, and the KMS use behind it (a table or bucket encrypted with a customer managed
  key, a secret encrypted with one), each with the request context its conditions see.
- `allows` evaluates identity-policy statements against a need, conditions included: a
  condition key the request does not carry makes a condition false, as in IAM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tests.deploy.cfn import as_list

ACCOUNT = "123456789012"
REGION = "us-east-1"
PSEUDO = {
    "AWS::Partition": "aws",
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT,
    "AWS::URLSuffix": "amazonaws.com",
}
NO_VALUE = object()


@dataclass
class Resolver:
    template: dict[str, Any]
    stack: str
    parameters: dict[str, Any]
    refs: dict[str, str]  # logical id -> what !Ref gives
    attributes: dict[tuple[str, str], str]  # (logical id, attribute) -> what !GetAtt gives

    def parameter(self, name: str) -> Any:
        if name in self.parameters:
            return self.parameters[name]
        return self.template["Parameters"][name].get("Default")

    def ref(self, name: str) -> Any:
        if name == "AWS::StackName":
            return self.stack
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in PSEUDO:
            return PSEUDO[name]
        if name in self.template.get("Parameters", {}):
            return self.parameter(name)
        return self.refs[name]

    def condition(self, name: str) -> bool:
        return bool(self._condition(self.template["Conditions"][name]))

    def _condition(self, node: Any) -> Any:
        if isinstance(node, dict):
            ((key, value),) = node.items()
            if key == "Fn::Equals":
                a, b = (self.value(v) for v in value)
                return a == b
            if key == "Fn::Not":
                return not self._condition(value[0])
            if key == "Fn::And":
                return all(self._condition(v) for v in value)
            if key == "Fn::Or":
                return any(self._condition(v) for v in value)
            if key == "Condition":
                return self.condition(value)
        return self.value(node)

    def sub(self, text: str, variables: dict[str, Any] | None = None) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if variables and name in variables:
                return str(self.value(variables[name]))
            if "." in name and not name.startswith("AWS::"):
                logical, attribute = name.split(".", 1)
                return self.attributes[(logical, attribute)]
            return str(self.ref(name))

        return re.sub(r"\$\{([^}!]+)\}", one, text)

    def value(self, node: Any) -> Any:
        """The value of a template node for this deployment."""
        if isinstance(node, list):
            return [v for v in (self.value(n) for n in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) != 1 or not next(iter(node)).startswith(("Fn::", "Ref")):
            return {k: self.value(v) for k, v in node.items()}  # plain data, e.g. a Condition
        ((key, arg),) = node.items()
        if key == "Ref":
            return self.ref(arg)
        if key == "Fn::GetAtt":
            return self.attributes[(arg[0], arg[1])]
        if key == "Fn::Sub":
            if isinstance(arg, list):
                return self.sub(arg[0], arg[1])
            return self.sub(arg)
        if key == "Fn::If":
            name, yes, no = arg
            return self.value(yes if self.condition(name) else no)
        if key == "Fn::Join":
            separator, parts = arg
            return separator.join(str(p) for p in self.value(parts))
        if key == "Fn::Select":
            index, items = arg
            return self.value(items)[int(index)]
        return node

    def statements(self, role: str) -> list[dict[str, Any]]:
        """A role's identity-policy statements, resolved."""
        out = []
        for policy in self.template["Resources"][role]["Properties"].get("Policies", []):
            for statement in as_list(policy["PolicyDocument"]["Statement"]):
                out.append(
                    {
                        "Sid": statement.get("Sid", ""),
                        "Effect": statement["Effect"],
                        "Action": as_list(statement["Action"]),
                        "Resource": [str(r) for r in as_list(self.value(statement["Resource"]))],
                        "Condition": self.value(statement.get("Condition", {})),
                    }
                )
        return out


@dataclass(frozen=True)
class Need:
    action: str
    resource: str
    context: tuple[tuple[str, str], ...] = ()
    because: str = ""

    def __str__(self) -> str:
        context = "".join(f" [{k}={v}]" for k, v in self.context)
        return f"{self.action} on {self.resource}{context} (for {self.because})"


def _glob(pattern: str, value: str, *, case: bool = True) -> bool:
    regex = "".join(
        ".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern
    )  # fmt: skip
    return re.fullmatch(regex, value, 0 if case else re.IGNORECASE) is not None


_OPERATORS = {
    "StringEquals": lambda want, have: have == want,
    "StringLike": lambda want, have: _glob(want, have),
    "ArnEquals": lambda want, have: have == want,
    "ArnLike": lambda want, have: _glob(want, have),
    "Bool": lambda want, have: str(have).lower() == str(want).lower(),
}


def _condition_holds(conditions: dict[str, Any], context: dict[str, str]) -> bool:
    for operator, pairs in conditions.items():
        if_exists = operator.endswith("IfExists")
        test = _OPERATORS[operator.removesuffix("IfExists")]
        for key, wanted in pairs.items():
            if key not in context:
                if if_exists:
                    continue
                return False  # a key the request does not carry never matches
            if not any(test(str(w), context[key]) for w in as_list(wanted)):
                return False
    return True


def allows(statements: list[dict[str, Any]], need: Need) -> bool:
    context = dict(need.context)
    allowed = False
    for s in statements:
        if not any(_glob(a, need.action, case=False) for a in s["Action"]):
            continue
        if not any(_glob(r, need.resource) for r in s["Resource"]):
            continue
        if not _condition_holds(s["Condition"], context):
            continue
        if s["Effect"] == "Deny":
            return False
        allowed = True
    return allowed


# --- from calls to needs ----------------------------------------------------------------------


@dataclass
class World:
    """What the needs depend on besides the call: which keys encrypt what."""

    data_key_arn: str
    token_key_arn: str
    kms_buckets: set[str]  # buckets whose objects are encrypted with the data key
    secret_key_arns: dict[str, str]  # secret ARN -> the KMS key that encrypts it
    inference_profile_regions: dict[str, list[str]] = field(
        default_factory=lambda: {"us": ["us-east-1", "us-east-2", "us-west-2"]}
    )

    def queue_arn(self, url: str) -> str:
        return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{url.rstrip('/').rsplit('/', 1)[-1]}"


def _via(service: str) -> tuple[tuple[str, str], ...]:
    return (("kms:ViaService", f"{service}.{REGION}.amazonaws.com"),)


_DYNAMODB_TABLE_OPS = {
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "ConditionCheckItem",
    "DescribeTable", "DescribeTimeToLive", "CreateTable", "UpdateTable", "DeleteTable",
    "UpdateTimeToLive",
}  # fmt: skip
_DYNAMODB_DATA_OPS = {
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "ConditionCheckItem",
    "BatchGetItem", "BatchWriteItem",
}  # fmt: skip
_S3_BUCKET_OPS = {
    "HeadBucket": "s3:ListBucket",
    "ListObjects": "s3:ListBucket",
    "ListObjectsV2": "s3:ListBucket",
    "ListObjectVersions": "s3:ListBucketVersions",
    "CreateBucket": "s3:CreateBucket",
    "GetBucketVersioning": "s3:GetBucketVersioning",
    "PutBucketVersioning": "s3:PutBucketVersioning",
    "PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
    "PutBucketEncryption": "s3:PutEncryptionConfiguration",
}


class UnknownCall(Exception):
    """A call this table does not know: add its IAM action before relying on it."""


def needs_of(world: World, service: str, operation: str, params: dict[str, Any]) -> list[Need]:
    because = f"{service} {operation}"
    if service == "dynamodb":
        return _dynamodb(world, operation, params, because)
    if service == "s3":
        return _s3(world, operation, params, because)
    if service == "sqs":
        if operation == "GetQueueUrl":
            arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{params['QueueName']}"
        else:
            arn = world.queue_arn(params["QueueUrl"])
        return [Need(f"sqs:{operation}", arn, because=because)]
    if service == "secretsmanager" and operation == "GetSecretValue":
        secret = params["SecretId"]
        return [
            Need("secretsmanager:GetSecretValue", secret, because=because),
            Need("kms:Decrypt", world.secret_key_arns[secret], _via("secretsmanager"), because),
        ]
    if service == "bedrock-runtime" and operation in ("Converse", "InvokeModel"):
        return _bedrock(world, params["modelId"], because)
    if service == "cognito-idp" and operation.startswith("Admin"):
        pool = f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{params['UserPoolId']}"
        return [Need(f"cognito-idp:{operation}", pool, because=because)]
    raise UnknownCall(because)


def _table_arn(name: str, index: str | None = None) -> str:
    arn = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"
    return f"{arn}/index/{index}" if index else arn


def _dynamodb(world: World, op: str, params: dict[str, Any], because: str) -> list[Need]:
    if op == "ListTables":
        return [Need("dynamodb:ListTables", "*", because=because)]
    if op in _DYNAMODB_TABLE_OPS:
        tables = [params["TableName"]]
        resources = [_table_arn(params["TableName"], params.get("IndexName"))]
    elif op in ("BatchGetItem", "BatchWriteItem"):
        tables = list(params["RequestItems"])
        resources = [_table_arn(t) for t in tables]
    else:
        raise UnknownCall(because)
    needs = [Need(f"dynamodb:{op}", r, because=because) for r in resources]
    if op in _DYNAMODB_DATA_OPS:
        # Every table is encrypted with the stack's customer managed key.
        needs.append(Need("kms:Decrypt", world.data_key_arn, _via("dynamodb"), because))
    return needs


def _object(bucket: str, key: str) -> str:
    return f"arn:aws:s3:::{bucket}/{key}"


def _s3(world: World, op: str, params: dict[str, Any], because: str) -> list[Need]:
    bucket = params["Bucket"]
    kms = bucket in world.kms_buckets

    def read(b: str, key: str, version: str | None) -> list[Need]:
        out = [Need("s3:GetObject", _object(b, key), because=because)]
        if version:
            out.append(Need("s3:GetObjectVersion", _object(b, key), because=because))
        if b in world.kms_buckets:
            out.append(Need("kms:Decrypt", world.data_key_arn, _via("s3"), because))
        return out

    if op in _S3_BUCKET_OPS:
        return [Need(_S3_BUCKET_OPS[op], f"arn:aws:s3:::{bucket}", because=because)]
    if op in ("GetObject", "HeadObject"):
        return read(bucket, params["Key"], params.get("VersionId"))
    if op == "PutObject":
        needs = [Need("s3:PutObject", _object(bucket, params["Key"]), because=because)]
        if kms or params.get("ServerSideEncryption") == "aws:kms":
            needs.append(Need("kms:GenerateDataKey", world.data_key_arn, _via("s3"), because))
        return needs
    if op == "CopyObject":
        source = params["CopySource"]
        if isinstance(source, str):
            path, _, query = source.partition("?versionId=")
            src_bucket, _, src_key = path.lstrip("/").partition("/")
            src = {"Bucket": src_bucket, "Key": src_key, "VersionId": query or None}
        else:
            src = source
        needs = read(src["Bucket"], src["Key"], src.get("VersionId"))
        needs.append(Need("s3:PutObject", _object(bucket, params["Key"]), because=because))
        if kms:
            needs.append(Need("kms:GenerateDataKey", world.data_key_arn, _via("s3"), because))
        return needs
    if op in ("DeleteObject", "DeleteObjects"):
        objects = (
            [params] if op == "DeleteObject" else params["Delete"]["Objects"]
        )  # fmt: skip
        needs = []
        for o in objects:
            needs.append(Need("s3:DeleteObject", _object(bucket, o["Key"]), because=because))
            if o.get("VersionId"):
                needs.append(
                    Need("s3:DeleteObjectVersion", _object(bucket, o["Key"]), because=because)
                )
        return needs
    raise UnknownCall(because)


def _bedrock(world: World, model_id: str, because: str) -> list[Need]:
    geography, _, model = model_id.partition(".")
    regions = world.inference_profile_regions.get(geography)
    if regions is None:  # a model id, not an inference profile
        arn = f"arn:aws:bedrock:{REGION}::foundation-model/{model_id}"
        return [Need("bedrock:InvokeModel", arn, because=because)]
    profile = f"arn:aws:bedrock:{REGION}:{ACCOUNT}:inference-profile/{model_id}"
    needs = [Need("bedrock:InvokeModel", profile, because=because)]
    for region in regions:
        # The profile routes to the model in any of its regions, on the caller's permissions.
        arn = f"arn:aws:bedrock:{region}::foundation-model/{model}"
        needs.append(
            Need("bedrock:InvokeModel", arn, (("bedrock:InferenceProfileArn", profile),), because)
        )
    return needs


def check(statements: list[dict[str, Any]], needs: list[Need]) -> list[str]:
    """Each need the statements do not allow, once."""
    return sorted({str(n) for n in needs if not allows(statements, n)})
