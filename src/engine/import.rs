//! `terrace import ADDR ID`: adopt an existing object into the state under a
//! resource address the configuration declares, journaled like any create.

use std::sync::{Arc, Mutex};

use terrace_provider_sdk::{ImportRequest, ReadRequest};
use terrace_state::{
    Action as StateAction, InstanceStatus, Outcome, ResourceInstance, ResourceMode, SqliteState,
};
use terrace_value::{Diagnostic, Diagnostics, Value};

use super::setup::Engine;
use super::state_codec;
use super::values::{Expansion, Store};
use crate::addrs::{parse_instance, InstanceKey, Mode};

/// Imports the object `id` as `address`.
pub async fn import(
    engine: &Engine,
    state: &Mutex<SqliteState>,
    address: &str,
    id: &str,
) -> Result<(), Diagnostics> {
    let addr = parse_instance(address)
        .map_err(|e| Diagnostics::from(Diagnostic::error("Invalid address", e.to_string())))?;
    if addr.resource.mode != Mode::Managed {
        return Err(Diagnostic::error(
            "Invalid address",
            "Only managed resources can be imported; data sources are read.",
        )
        .into());
    }
    let Some(tree) = engine.tree.get(&addr.module.config_path()) else {
        return Err(Diagnostic::error(
            "Import to non-existent module",
            format!("{} is not declared in the configuration.", addr.module),
        )
        .into());
    };
    let Some(r) = tree.module.resources.get(&addr.resource.to_string()) else {
        return Err(Diagnostic::error(
            "Configuration for import target does not exist",
            format!("The configuration does not declare {}. Add a resource block for it before importing, so Terrace knows how to manage it.", addr.resource),
        )
        .into());
    };
    let exists = state
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .resource(address)
        .map_err(|e| Diagnostics::from(Diagnostic::error("Failed to read state", e.to_string())))?;
    if exists.is_some() {
        return Err(Diagnostic::error("Resource already managed by Terrace", format!("{address} is already in the state; remove it with `terrace state rm` first to import another object there.")).into());
    }
    let store = Arc::new(Store::default());
    let root = crate::addrs::ModuleInstance::root();
    let ctx = engine.context(&store, &root);
    let exp = match &addr.key {
        Some(InstanceKey::Str(k)) => Expansion::ForEach([(k.clone(), Value::null())].into()),
        Some(InstanceKey::Int(i)) => Expansion::Count(*i as usize + 1),
        None => Expansion::Single,
    };
    let ctx = super::expand::instance_context(&ctx, &exp, &addr.key);
    let p = engine.provider_for(&store, &root, r, &ctx)?;
    let schema = engine.schema_of(r, &p)?;
    let provider = engine.provider(&store, &p).await?;
    let imported = provider
        .import_resource(ImportRequest {
            type_name: r.ty.clone(),
            id: id.to_string(),
        })
        .await;
    if imported.diagnostics.has_errors() {
        return Err(imported.diagnostics);
    }
    let Some(found) = imported.state else {
        return Err(Diagnostic::error(
            "Cannot import non-existent remote object",
            format!("The provider found no {} with ID {id:?}.", r.ty),
        )
        .into());
    };
    let read = provider
        .read_resource(ReadRequest {
            type_name: r.ty.clone(),
            current_state: found,
            private: Vec::new(),
        })
        .await;
    if read.diagnostics.has_errors() {
        return Err(read.diagnostics);
    }
    let Some(object) = read.new_state else {
        return Err(Diagnostic::error(
            "Cannot import non-existent remote object",
            format!("The provider found no {} with ID {id:?}.", r.ty),
        )
        .into());
    };
    let object = state_codec::mark_schema_sensitive(object, &schema.block);
    let (attributes, sensitive_paths) = state_codec::encode(&object, &schema.block.value_type())
        .map_err(|e| Diagnostics::from(Diagnostic::error("Invalid object from provider", e)))?;
    let record = ResourceInstance {
        address: address.to_string(),
        module: addr.module.to_string(),
        mode: ResourceMode::Managed,
        type_name: r.ty.clone(),
        name: r.name.clone(),
        index_key: match &addr.key {
            None => serde_json::Value::Null,
            Some(InstanceKey::Int(i)) => serde_json::Value::from(*i),
            Some(InstanceKey::Str(s)) => serde_json::Value::from(s.clone()),
        },
        provider: engine
            .providers
            .address(&p.local, p.alias.as_deref(), p.key.as_ref()),
        schema_version: schema.version,
        attributes,
        sensitive_paths,
        identity_schema_version: 0,
        identity: serde_json::Value::Null,
        private: read.private,
        dependencies: Vec::new(),
        create_before_destroy: r.lifecycle.create_before_destroy,
        status: InstanceStatus::Ready,
    };
    let fail = |e: terrace_state::StateError| {
        Diagnostics::from(Diagnostic::error("Failed to save state", e.to_string()))
    };
    let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
    let intent = st
        .begin(address, StateAction::Create, Some(&record))
        .map_err(fail)?;
    st.complete(intent, Outcome::Stored(record)).map_err(fail)?;
    Ok(())
}
