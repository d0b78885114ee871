# Every resource type and data source of the AWS provider, with `tags` on
# the taggable ones and the provider's `default_tags` around them.
# `local.subnet_ids` comes from subnets.tf, written by whoever runs this.

data "aws_caller_identity" "me" {}
data "aws_region" "here" {}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_s3_bucket" "b" {
  bucket        = "tt-diff-bucket"
  force_destroy = true
  tags          = { Name = "b" }
}

resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.b.arn}/*"
    }]
  })
}

resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_object" "o" {
  bucket       = aws_s3_bucket.b.id
  key          = "hello.txt"
  content      = "hello"
  content_type = "text/plain"
  tags         = { Kind = "greeting" }
  depends_on   = [aws_s3_bucket_versioning.v]
}

data "aws_s3_bucket" "b" {
  bucket = aws_s3_bucket.b.id
}

resource "aws_sqs_queue" "q" {
  name                       = "tt-diff-queue"
  visibility_timeout_seconds = 30
  delay_seconds              = 5
  tags                       = { Team = "core" }
}

resource "aws_sqs_queue" "fifo" {
  name                        = "tt-diff-queue.fifo"
  fifo_queue                  = true
  content_based_deduplication = true
}

resource "aws_sns_topic" "t" {
  name = "tt-diff-topic"
  tags = { Team = "core" }
}

resource "aws_sns_topic_subscription" "s" {
  topic_arn = aws_sns_topic.t.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.q.arn
}

resource "aws_cloudwatch_log_group" "l" {
  name              = "/tt/diff"
  retention_in_days = 7
  tags              = { Team = "core" }
}

resource "aws_cloudwatch_metric_alarm" "depth" {
  alarm_name          = "tt-diff-depth"
  alarm_description   = "Too many messages"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 60
  statistic           = "Average"
  threshold           = 100
  alarm_actions       = [aws_sns_topic.t.arn]
  dimensions          = { QueueName = aws_sqs_queue.q.name }
  tags                = { Team = "core" }
}

resource "aws_cloudwatch_dashboard" "d" {
  dashboard_name = "tt-diff"
  dashboard_body = jsonencode({
    widgets = [{
      type       = "text"
      x          = 0
      y          = 0
      width      = 6
      height     = 3
      properties = { markdown = "hello" }
    }]
  })
}

resource "aws_iam_role" "r" {
  name                  = "tt-diff-role"
  description           = "A role"
  assume_role_policy    = data.aws_iam_policy_document.assume.json
  force_detach_policies = true
  tags                  = { Team = "core" }
}

resource "aws_iam_policy" "p" {
  name        = "tt-diff-policy"
  description = "Send to the queue"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = aws_sqs_queue.q.arn }]
  })
  tags = { Team = "core" }
}

resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.arn
}

resource "aws_secretsmanager_secret" "s" {
  name                    = "tt-diff-secret"
  description             = "A secret"
  recovery_window_in_days = 0
  tags                    = { Team = "core" }
}

resource "aws_secretsmanager_secret_version" "v" {
  secret_id     = aws_secretsmanager_secret.s.id
  secret_string = "s3cr3t-value"
}

resource "aws_db_subnet_group" "g" {
  name        = "tt-diff-subnets"
  description = "Two subnets"
  subnet_ids  = local.subnet_ids
  tags        = { Team = "core" }
}

resource "aws_db_parameter_group" "pg" {
  name        = "tt-diff-params"
  family      = "postgres16"
  description = "Logs every statement"
  parameter {
    name  = "log_statement"
    value = "all"
  }
  tags = { Team = "core" }
}

resource "aws_elasticache_cluster" "c" {
  cluster_id      = "tt-diff-cache"
  engine          = "redis"
  engine_version  = "7.1"
  node_type       = "cache.t3.micro"
  num_cache_nodes = 1
  tags            = { Team = "core" }
}

resource "aws_dynamodb_table" "t" {
  name         = "tt-diff-table"
  hash_key     = "pk"
  range_key    = "sk"
  billing_mode = "PAY_PER_REQUEST"
  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "N"
  }
  tags = { Team = "core" }
}

resource "aws_dynamodb_table" "indexed" {
  name             = "tt-diff-indexed"
  hash_key         = "pk"
  range_key        = "sk"
  read_capacity    = 5
  write_capacity   = 5
  stream_enabled   = true
  stream_view_type = "NEW_IMAGE"
  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
  attribute {
    name = "owner"
    type = "S"
  }
  attribute {
    name = "created"
    type = "N"
  }
  global_secondary_index {
    name               = "by_owner"
    hash_key           = "owner"
    range_key          = "created"
    projection_type    = "INCLUDE"
    non_key_attributes = ["title"]
    read_capacity      = 2
    write_capacity     = 3
  }
  local_secondary_index {
    name            = "by_created"
    range_key       = "created"
    projection_type = "KEYS_ONLY"
  }
}

resource "aws_db_instance" "db" {
  identifier           = "tt-diff-db"
  engine               = "postgres"
  instance_class       = "db.t3.micro"
  allocated_storage    = 20
  username             = "app"
  password             = "supersecret-pw"
  db_subnet_group_name = aws_db_subnet_group.g.name
  parameter_group_name = aws_db_parameter_group.pg.name
  skip_final_snapshot  = true
  tags                 = { Team = "core" }
}

# Known at plan time, but read during apply: the instance is still to be
# created then.
data "aws_db_instance" "db" {
  db_instance_identifier = aws_db_instance.db.identifier
}
