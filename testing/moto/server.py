#!/usr/bin/env python3
"""Starts moto's server with two corrections to its S3 emulation.

First, moto 5.2 serializes S3 results generically and names the XML root element
after the operation (`<GetBucketVersioningResponse>`), where S3 itself uses
the root its API model gives the output (`<VersioningConfiguration>`).
botocore ignores the root element, so moto's own tests never see this; the
AWS SDK for Rust checks it and rejects the response. This launcher renames
the root for the operations where the two differ.

Second, once a bucket's versioning is suspended, deleting a key that has a
delete marker makes moto dispose of every version, and its delete markers
cannot be disposed of: the request fails with a 500. Emptying a bucket
whose versioning resource was destroyed first (Terraform's order too) hits
this. Delete markers get a dispose that does nothing, as they hold no data.

Otherwise this runs `python3 -m moto.server` with the same arguments.

Usage: python3 testing/moto/server.py -H 127.0.0.1 -p PORT
"""

import sys

from moto import server
from moto.core import serialize
from moto.s3 import models

# Operation -> the root element S3 sends for its result.
S3_RESULT_ROOTS = {
    "GetBucketVersioning": "VersioningConfiguration",
}

_original = serialize.S3Serializer._serialized_result_to_response


def _with_s3_root(self, resp, result, shape, serialized_result):
    resp = _original(self, resp, result, shape, serialized_result)
    name = self.operation_model.name
    root = S3_RESULT_ROOTS.get(name)
    body = resp.get("body")
    if root and isinstance(body, str):
        wrong = f"{name}Response"
        resp["body"] = body.replace(f"<{wrong}", f"<{root}", 1).replace(
            f"</{wrong}>", f"</{root}>", 1)
    return resp


serialize.S3Serializer._serialized_result_to_response = _with_s3_root

if not hasattr(models.FakeDeleteMarker, "dispose"):
    models.FakeDeleteMarker.dispose = lambda self, garbage=False: None

if __name__ == "__main__":
    server.main(sys.argv[1:])
