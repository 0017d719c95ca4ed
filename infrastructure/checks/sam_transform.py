#!/usr/bin/env python3
"""Prints template.yaml as CloudFormation will receive it after `sam deploy`: the AWS SAM translator's output.

Usage: sam_transform.py TEMPLATE [REGION]. The translator is the one `sam deploy` and cfn-lint use (Python package
samtranslator). `sam package` would replace CodeUri with an S3 location; a placeholder stands in for it here, so
nothing is uploaded and no AWS account is needed. Managed policies are not expanded: their ARNs stay as written.
"""
import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicyLookup:
    """The translator asks IAM for managed policy ARNs only when a policy is given by bare name; ours are ARNs."""

    def load(self):
        return {}


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: sam_transform.py TEMPLATE [REGION]")
    os.environ.setdefault("AWS_DEFAULT_REGION", sys.argv[2] if len(sys.argv) > 2 else "sa-east-1")
    with open(sys.argv[1], encoding="utf-8") as f:
        template = yaml_parse(f.read())
    template.setdefault("Globals", {}).setdefault("Function", {})["CodeUri"] = "s3://cadencia-artifacts/cadencia-runtime-lambda.jar"
    json.dump(transform(template, {}, NoManagedPolicyLookup()), sys.stdout, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
