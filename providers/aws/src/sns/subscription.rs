//! `aws_sns_topic_subscription`: a subscription of an endpoint to a topic.
//! ID: the subscription ARN.

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{attr, boolean, non_empty, opt_str, req_string, string, with_all};
use crate::common::{comp, keep_json, opt, req, schema};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Subscription;

async fn set_attr(aws: &Aws, arn: &str, name: &str, value: String) -> Result<(), Diagnostics> {
    aws.sns
        .set_subscription_attributes()
        .subscription_arn(arn)
        .attribute_name(name)
        .attribute_value(value)
        .send()
        .await
        .map_err(|e| aws_err("SetSubscriptionAttributes", e))?;
    Ok(())
}

#[async_trait]
impl Resource for Subscription {
    fn type_name(&self) -> &'static str {
        "aws_sns_topic_subscription"
    }

    fn json_attributes(&self) -> &'static [&'static str] {
        &["filter_policy"]
    }

    fn schema(&self) -> Schema {
        schema(vec![
            ("topic_arn", req(Type::String).force_new()),
            ("protocol", req(Type::String).force_new()),
            ("endpoint", req(Type::String).force_new()),
            ("raw_message_delivery", opt(Type::Bool)),
            ("filter_policy", opt(Type::String)),
            ("arn", comp(Type::String)),
            ("owner_id", comp(Type::String)),
            ("pending_confirmation", comp(Type::Bool)),
        ])
    }

    fn defaults(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("raw_message_delivery", Value::Bool(false)),
            ("filter_policy", Value::string("")),
        ]
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let mut req = aws
            .sns
            .subscribe()
            .topic_arn(req_string(planned, "topic_arn")?)
            .protocol(req_string(planned, "protocol")?)
            .endpoint(req_string(planned, "endpoint")?)
            .return_subscription_arn(true);
        if boolean(planned, "raw_message_delivery")? == Some(true) {
            req = req.attributes("RawMessageDelivery", "true");
        }
        if let Some(f) = non_empty(planned, "filter_policy")? {
            req = req.attributes("FilterPolicy", f);
        }
        let out = req.send().await.map_err(|e| aws_err("Subscribe", e))?;
        Ok(with_all(
            planned,
            [(
                "id",
                Value::string(out.subscription_arn().unwrap_or_default()),
            )],
        ))
    }

    async fn update(&self, aws: &Aws, prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        let arn = req_string(prior, "id")?;
        if !attr(prior, "raw_message_delivery").same_as(attr(planned, "raw_message_delivery")) {
            let raw = boolean(planned, "raw_message_delivery")?.unwrap_or(false);
            set_attr(aws, &arn, "RawMessageDelivery", raw.to_string()).await?;
        }
        if !attr(prior, "filter_policy").same_as(attr(planned, "filter_policy")) {
            set_attr(
                aws,
                &arn,
                "FilterPolicy",
                string(planned, "filter_policy")?.unwrap_or_default(),
            )
            .await?;
        }
        Ok(())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        aws.sns
            .unsubscribe()
            .subscription_arn(req_string(prior, "id")?)
            .send()
            .await
            .map_err(|e| aws_err("Unsubscribe", e))?;
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let arn = req_string(state, "id")?;
        let out = match aws
            .sns
            .get_subscription_attributes()
            .subscription_arn(&arn)
            .send()
            .await
        {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("GetSubscriptionAttributes", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        let a = out.attributes().cloned().unwrap_or_default();
        let get = |k: &str| a.get(k).map(String::as_str);
        Ok(Some(with_all(
            state,
            [
                ("arn", Value::string(&arn)),
                ("topic_arn", opt_str(get("TopicArn"))),
                ("protocol", opt_str(get("Protocol"))),
                ("endpoint", opt_str(get("Endpoint"))),
                ("owner_id", opt_str(get("Owner"))),
                (
                    "raw_message_delivery",
                    Value::Bool(get("RawMessageDelivery") == Some("true")),
                ),
                (
                    "pending_confirmation",
                    Value::Bool(get("PendingConfirmation") == Some("true")),
                ),
                (
                    "filter_policy",
                    match get("FilterPolicy").filter(|s| !s.is_empty()) {
                        Some(f) => keep_json(attr(state, "filter_policy"), Some(f)),
                        None => Value::string(""),
                    },
                ),
            ],
        )))
    }
}
