//! Workspaces in one database, and the working directory's selection.

use serde_json::json;
use terrace_state::{select_workspace, selected_workspace, SqliteState, StateError};

use crate::support::{create, pet, temp_db};

#[test]
fn workspaces_are_created_listed_and_deleted() {
    let (_dir, path) = temp_db();
    let mut st = SqliteState::open(&path, "default").unwrap();
    assert_eq!(st.list_workspaces().unwrap(), vec!["default"]);
    st.create_workspace("staging").unwrap();
    st.create_workspace("prod").unwrap();
    assert_eq!(
        st.list_workspaces().unwrap(),
        vec!["default", "prod", "staging"]
    );
    let err = st.create_workspace("prod").unwrap_err();
    assert!(matches!(err, StateError::WorkspaceExists { .. }), "{err}");
    let err = st.create_workspace("a/b").unwrap_err();
    assert!(
        matches!(err, StateError::InvalidWorkspaceName { .. }),
        "{err}"
    );

    let mut prod = SqliteState::open(&path, "prod").unwrap();
    let fresh = prod.snapshot().unwrap();
    assert_eq!(fresh.serial, 0);
    assert!(
        !fresh.lineage.is_empty(),
        "a new workspace has its own lineage"
    );
    create(&mut prod, &pet("p", json!(null), "x"));
    assert_eq!(prod.snapshot().unwrap().lineage, fresh.lineage);
    assert!(
        st.snapshot().unwrap().resources.is_empty(),
        "workspaces are separate"
    );

    let err = st.delete_workspace("prod", false).unwrap_err();
    assert!(
        matches!(err, StateError::WorkspaceNotEmpty { count: 1, .. }),
        "{err}"
    );
    let err = st.delete_workspace("default", true).unwrap_err();
    assert!(matches!(err, StateError::DeleteDefault), "{err}");
    let err = st.delete_workspace("nope", false).unwrap_err();
    assert!(matches!(err, StateError::WorkspaceNotFound { .. }), "{err}");
    st.delete_workspace("staging", false).unwrap();
    st.delete_workspace("prod", true).unwrap();
    assert_eq!(st.list_workspaces().unwrap(), vec!["default"]);
    assert!(prod.snapshot().unwrap().resources.is_empty());
}

#[test]
fn the_selection_lives_in_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(selected_workspace(dir.path()).unwrap(), "default");
    select_workspace(dir.path(), "staging").unwrap();
    assert_eq!(selected_workspace(dir.path()).unwrap(), "staging");
    let text = std::fs::read_to_string(dir.path().join(".terrace/environment")).unwrap();
    assert_eq!(text, "staging");
    assert!(select_workspace(dir.path(), "").is_err());
}
