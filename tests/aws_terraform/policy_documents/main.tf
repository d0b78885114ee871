# Policy documents whose JSON must come out byte for byte as the Terraform
# AWS provider prints it: several statements, sids, both effects, negated
# actions, resources and principals, conditions with one and many values,
# principals of several types.

data "aws_iam_policy_document" "full" {
  version   = "2012-10-17"
  policy_id = "tt-diff-full"

  statement {
    sid       = "ReadObjects"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:ListBucket", "s3:GetObjectVersion"]
    resources = ["arn:aws:s3:::tt-diff-docs", "arn:aws:s3:::tt-diff-docs/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/reader"]
    }
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["123456789012"]
    }
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["home/", "home/*", "public/*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/Team"
      values   = ["core", "data"]
    }
  }

  statement {
    effect        = "Deny"
    not_actions   = ["iam:*", "sts:AssumeRole"]
    not_resources = ["arn:aws:iam::123456789012:role/admin"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:user/ops"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "Everyone"
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

data "aws_iam_policy_document" "minimal" {
  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogGroup"]
    resources = ["arn:aws:logs:*:*:*"]
  }
}

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = ""
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com"]
    }
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
