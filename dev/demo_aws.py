"""Demo helper for the local moto server.

  demo_aws.py register ID ENGINE PORT DATABASES USER PASSWORD
      registers a tagged RDS instance ID (arch:AutomatedArchiving=Active, arch:DB_name=DATABASES)
      and its secret cold-archiving/ID pointing at 127.0.0.1:PORT
  demo_aws.py server-secret NAME ENGINE PORT USER PASSWORD
      stores the secret cold-archiving/NAME of a local server (a restore or verification target)
  demo_aws.py show [INSTANCE ...]
      prints the journal rows and the archive objects (of these instances)
  demo_aws.py forget-all
      removes every RDS instance and Aurora cluster from moto (so a run archives only what is registered next)
  demo_aws.py count-archived SINCE
      prints how many journal rows started at or after SINCE (ISO-8601) are ARCHIVED
"""
import json
import os
import sys

import boto3

BUCKET = os.environ.get("ARCHIVE_BUCKET", "cold-archiving-archives")
TABLE = os.environ.get("ARCHIVE_JOURNAL_TABLE", "cold-archiving-journal")


def register(instance_id, engine, port, databases, user, password):
    rds = boto3.client("rds")
    tags = [{"Key": "arch:AutomatedArchiving", "Value": "Active"},
            {"Key": "arch:DB_name", "Value": databases}]
    existing = [i["DBInstanceIdentifier"] for i in rds.describe_db_instances()["DBInstances"]]
    if instance_id not in existing:
        version = {"postgres": "15.8", "mariadb": "10.11.9", "mysql": "8.0.39"}[engine]
        rds.create_db_instance(DBInstanceIdentifier=instance_id, Engine=engine, EngineVersion=version,
                               DBInstanceClass="db.t3.micro",
                               AllocatedStorage=20, MasterUsername="admin_user", MasterUserPassword="not-used-1",
                               Tags=tags)
    name = server_secret(instance_id, engine, port, user, password)
    print(f"registered RDS instance {instance_id} ({engine}, databases {databases}) with secret {name}")


def server_secret(name, engine, port, user, password):
    """The secret cold-archiving/NAME of a server on 127.0.0.1:PORT; returns its name."""
    secrets = boto3.client("secretsmanager")
    secret = json.dumps({"username": user, "password": password, "engine": engine,
                         "host": "127.0.0.1", "port": int(port)})
    name = "cold-archiving/" + name
    try:
        secrets.create_secret(Name=name, SecretString=secret)
    except secrets.exceptions.ResourceExistsException:
        secrets.put_secret_value(SecretId=name, SecretString=secret)
    return name


def show(instances):
    """Journal rows and archive objects of the given instances (all when none given)."""
    ddb = boto3.client("dynamodb")
    s3 = boto3.client("s3")
    wanted = lambda database_id: not instances or database_id.split("/")[0] in instances
    print("\nJournal (%s):" % TABLE)
    rows = [i for i in journal_items(ddb) if wanted(i["DatabaseId"]["S"]) and "Status" in i]
    for item in sorted(rows, key=lambda i: (i["RunId"]["S"], i["DatabaseId"]["S"])):
        row = {k: list(v.values())[0] for k, v in item.items()}
        detail = row.get("Key") or (row.get("Error") or "-").splitlines()[0][:100]
        print("  %-28s %-22s %-9s %10s bytes  %s" % (row["DatabaseId"], row["RunId"], row["Status"],
                                                    row.get("SizeBytes", "-"), detail))
    print("\nObjects in s3://%s:" % BUCKET)
    for obj in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        if not instances or obj["Key"].split("/")[1] in instances:
            print("  %-80s %10d bytes  %s" % (obj["Key"], obj["Size"], obj.get("StorageClass", "")))


def forget_all():
    rds = boto3.client("rds")
    for instance in rds.describe_db_instances()["DBInstances"]:
        rds.delete_db_instance(DBInstanceIdentifier=instance["DBInstanceIdentifier"], SkipFinalSnapshot=True)
    for cluster in rds.describe_db_clusters()["DBClusters"]:
        rds.delete_db_cluster(DBClusterIdentifier=cluster["DBClusterIdentifier"], SkipFinalSnapshot=True)


def journal_items(ddb):
    """Every item of the journal, page by page (a scan answers at most 1 MB at a time)."""
    for page in ddb.get_paginator("scan").paginate(TableName=TABLE):
        yield from page["Items"]


def count_archived(since):
    ddb = boto3.client("dynamodb")
    # archive rows only: the run records (#runs) and attempt counters (#attempts) carry no Status of an archive
    print(sum(1 for r in journal_items(ddb)
              if r.get("Status", {}).get("S") == "ARCHIVED" and r.get("StartedAt", {}).get("S", "") >= since))


if __name__ == "__main__":
    if sys.argv[1:2] == ["register"] and len(sys.argv) == 8:
        register(*sys.argv[2:])
    elif sys.argv[1:2] == ["server-secret"] and len(sys.argv) == 7:
        print("stored secret " + server_secret(*sys.argv[2:]))
    elif sys.argv[1:2] == ["forget-all"]:
        forget_all()
    elif sys.argv[1:2] == ["count-archived"] and len(sys.argv) == 3:
        count_archived(sys.argv[2])
    elif sys.argv[1:2] == ["show"]:
        show(sys.argv[2:])
    else:
        sys.exit(__doc__)
