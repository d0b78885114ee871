//! `aws_cloudwatch_dashboard`: a dashboard's JSON body. ID: its name.

use async_trait::async_trait;
use terrace_provider_sdk::{Diagnostics, Schema, Type, Value};

use crate::attrs::{attr, opt_str, req_string, with_all};
use crate::common::{comp, keep_json, req, schema};
use crate::config::Aws;
use crate::error::aws_err;
use crate::resource::Resource;

pub(crate) struct Dashboard;

async fn put(aws: &Aws, planned: &Value) -> Result<String, Diagnostics> {
    let name = req_string(planned, "dashboard_name")?;
    aws.cloudwatch
        .put_dashboard()
        .dashboard_name(&name)
        .dashboard_body(req_string(planned, "dashboard_body")?)
        .send()
        .await
        .map_err(|e| aws_err("PutDashboard", e))?;
    Ok(name)
}

#[async_trait]
impl Resource for Dashboard {
    fn type_name(&self) -> &'static str {
        "aws_cloudwatch_dashboard"
    }

    fn json_attributes(&self) -> &'static [&'static str] {
        &["dashboard_body"]
    }

    fn schema(&self) -> Schema {
        schema(vec![
            ("dashboard_name", req(Type::String).force_new()),
            ("dashboard_body", req(Type::String)),
            ("dashboard_arn", comp(Type::String)),
        ])
    }

    async fn create(&self, aws: &Aws, planned: &Value) -> Result<Value, Diagnostics> {
        let name = put(aws, planned).await?;
        Ok(with_all(planned, [("id", Value::string(name))]))
    }

    async fn update(&self, aws: &Aws, _prior: &Value, planned: &Value) -> Result<(), Diagnostics> {
        put(aws, planned).await.map(|_| ())
    }

    async fn delete(&self, aws: &Aws, prior: &Value) -> Result<(), Diagnostics> {
        aws.cloudwatch
            .delete_dashboards()
            .dashboard_names(req_string(prior, "id")?)
            .send()
            .await
            .map_err(|e| aws_err("DeleteDashboards", e))?;
        Ok(())
    }

    async fn read(&self, aws: &Aws, state: &Value) -> Result<Option<Value>, Diagnostics> {
        let name = req_string(state, "id")?;
        let out = match aws
            .cloudwatch
            .get_dashboard()
            .dashboard_name(&name)
            .send()
            .await
        {
            Ok(o) => o,
            Err(e) => {
                let e = aws_err("GetDashboard", e);
                return if e.is_not_found() {
                    Ok(None)
                } else {
                    Err(e.into())
                };
            }
        };
        Ok(Some(with_all(
            state,
            [
                ("dashboard_name", Value::string(&name)),
                ("dashboard_arn", opt_str(out.dashboard_arn())),
                (
                    "dashboard_body",
                    keep_json(attr(state, "dashboard_body"), out.dashboard_body()),
                ),
            ],
        )))
    }
}
