// Package offboard deletes users and workspaces with everything the
// platform made for them, as runs of named steps recorded in the
// portal's store.
//
// A user is offboarded in this order:
//
//  1. disable the Keycloak user and end their sessions;
//  2. remove their MinIO access keys, and their MinIO login if they have one;
//  3. detach and remove their MinIO policies;
//  4. archive their buckets (kept with every version, tagged, bucket
//     policy removed);
//  5. delete their Kubeflow Profile, which lets the garbage collector
//     remove their namespace and everything in it;
//  6. delete their role bindings in other namespaces;
//  7. wait until their namespace is gone;
//  8. delete the Keycloak user.
//
// The order never loses the way back. Access is cut first, so nothing
// can change behind the run; data is archived, never deleted; and the
// Keycloak user, which is what names everything else, goes last. Until
// then the user still exists, disabled, and every earlier step can be
// retried with full information; and what a run needs to know (names,
// e-mail, buckets, policies, Profile) is recorded in its plan when it is
// created, so it can be resumed after a restart even while Keycloak is
// down.
//
// A workspace runs the same way: its members (direct and through groups)
// and granting groups are recorded when the run is created, before
// anything changes; then the pk: role is taken from them and their
// sessions end; its MinIO policies are detached and removed; its buckets
// archived; its Profile deleted and its namespace awaited; and the role
// itself is deleted last.
//
// Every step is idempotent: running it again after success changes
// nothing and does not fail. A failed step stops the run with a message
// safe to show; Resume continues from that step. Pipeline run history is
// never touched: it lives in Kubeflow Pipelines' database, which the
// portal cannot reach.
package offboard
