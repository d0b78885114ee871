#!/usr/bin/env python3
"""Starts moto's server with two corrections to its S3 emulation and one
ElastiCache operation it lacks.

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

Third, moto has no ModifyCacheCluster, the call that changes a cache
cluster's node type, engine version, node count, parameter group or
maintenance window in place. It is added here: it changes the stored
cluster and answers with it, as ElastiCache does once the change applies.

Otherwise this runs `python3 -m moto.server` with the same arguments.

Usage: python3 testing/moto/server.py -H 127.0.0.1 -p PORT
"""

import sys

from moto import server
from moto.core import serialize
from moto.core.responses import ActionResult
from moto.elasticache import exceptions as ec_exceptions
from moto.elasticache import responses as ec_responses
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

# ModifyCacheCluster parameter -> the stored cluster's attribute.
CACHE_CLUSTER_CHANGES = {
    "CacheNodeType": "cache_node_type",
    "EngineVersion": "engine_version",
    "CacheParameterGroupName": "cache_parameter_group_name",
    "PreferredMaintenanceWindow": "preferred_maintenance_window",
    "NotificationTopicArn": "notification_topic_arn",
    "SnapshotWindow": "snapshot_window",
}


def _modify_cache_cluster(self):
    cluster_id = self._get_param("CacheClusterId")
    cluster = self.elasticache_backend.cache_clusters.get(cluster_id)
    if cluster is None or cluster.cache_cluster_status == "deleting":
        raise ec_exceptions.CacheClusterNotFound(cluster_id)
    for param, attr in CACHE_CLUSTER_CHANGES.items():
        value = self._get_param(param)
        if value is not None:
            setattr(cluster, attr, value)
    nodes = self._get_int_param("NumCacheNodes")
    if nodes is not None and cluster.engine == "memcached":
        cluster.num_cache_nodes = nodes
    retention = self._get_int_param("SnapshotRetentionLimit")
    if retention is not None:
        cluster.snapshot_retention_limit = retention
    groups = self._get_param("SecurityGroupIds")
    if groups is not None:
        cluster.security_group_ids = groups
    return ActionResult({"CacheCluster": cluster})


if not hasattr(ec_responses.ElastiCacheResponse, "modify_cache_cluster"):
    ec_responses.ElastiCacheResponse.modify_cache_cluster = _modify_cache_cluster

if __name__ == "__main__":
    server.main(sys.argv[1:])
