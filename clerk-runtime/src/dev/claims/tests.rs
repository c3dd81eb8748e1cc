use super::*;

const NOW: u64 = 1_700_000_000;

/// Decodes v2 org permissions by hand, as clerk.md §4 describes Clerk's parser: the org
/// features are the `fea` entries scoped `o`, `ou` or `uo`, in order; mask *i* belongs to org
/// feature *i*; bit *j* of a mask means `per[j]` and yields `org:<feature>:<per[j]>`.
fn decode_v2_permissions(claims: &Value) -> Vec<String> {
    let fea = claims["fea"].as_str().unwrap_or("");
    let org_features: Vec<&str> = fea
        .split(',')
        .filter_map(|e| e.trim().split_once(':'))
        .filter(|(scope, _)| matches!(*scope, "o" | "ou" | "uo"))
        .map(|(_, f)| f)
        .collect();
    let per: Vec<&str> = claims["o"]["per"].as_str().unwrap().split(',').collect();
    let masks: Vec<u128> = claims["o"]["fpm"]
        .as_str()
        .unwrap()
        .split(',')
        .map(|m| m.parse().unwrap())
        .collect();
    let mut out = Vec::new();
    for (i, feature) in org_features.iter().enumerate() {
        let Some(mask) = masks.get(i) else { continue };
        for (j, action) in per.iter().enumerate() {
            if mask >> j & 1 == 1 {
                out.push(format!("org:{feature}:{action}"));
            }
        }
    }
    out
}

#[test]
fn fpm_matches_clerks_worked_example() {
    // clerk.md §4: fea "o:billing,u:beta,o:members,o:api", per "read,manage,delete",
    // fpm "3,5,0,9" (the 9 has no org feature and is ignored).
    let claims = SessionClaimsBuilder::new("user_1")
        .org("org_2", None, "billing_manager")
        .feature("o:billing")
        .feature("u:beta")
        .feature("o:members")
        .feature("o:api")
        .permission("org:billing:read")
        .permission("org:billing:manage")
        .permission("org:members:read")
        .permission("org:members:delete")
        .build(NOW)
        .unwrap();
    assert_eq!(claims["fea"], "o:billing,u:beta,o:members,o:api");
    assert_eq!(claims["o"]["per"], "read,manage,delete");
    assert_eq!(claims["o"]["fpm"], "3,5,0");
    assert_eq!(claims["o"]["rol"], "billing_manager");
    assert_eq!(
        decode_v2_permissions(&claims),
        [
            "org:billing:read",
            "org:billing:manage",
            "org:members:read",
            "org:members:delete"
        ]
    );
}

#[test]
fn fpm_matches_clerks_repo_cases() {
    // per "manage,read,update", fpm "6,0,3": repositories {read, update}, impersonation {},
    // billing {manage, read}.
    let claims = SessionClaimsBuilder::new("user_1")
        .org("org_1", Some("acme"), "org:admin")
        .feature("o:repositories")
        .feature("o:impersonation")
        .feature("o:billing")
        .permission("org:billing:manage")
        .permission("org:repositories:read")
        .permission("org:repositories:update")
        .permission("org:billing:read")
        .build(NOW)
        .unwrap();
    assert_eq!(claims["o"]["per"], "manage,read,update");
    assert_eq!(claims["o"]["fpm"], "6,0,3");

    // per "read,create,update,delete,revoke", fpm "7,21": repositories {read, create, update},
    // projects {read, update, revoke}. Our `per` only lists actions in use, so compare decoded.
    let claims = SessionClaimsBuilder::new("user_1")
        .org("org_1", None, "admin")
        .permission("repositories:read")
        .permission("org:repositories:create")
        .permission("org:repositories:update")
        .permission("org:projects:read")
        .permission("org:projects:update")
        .permission("org:projects:revoke")
        .build(NOW)
        .unwrap();
    assert_eq!(claims["fea"], "o:repositories,o:projects");
    let mut decoded = decode_v2_permissions(&claims);
    decoded.sort();
    assert_eq!(
        decoded,
        [
            "org:projects:read",
            "org:projects:revoke",
            "org:projects:update",
            "org:repositories:create",
            "org:repositories:read",
            "org:repositories:update",
        ]
    );
}

#[test]
fn user_scoped_feature_gets_an_org_entry_for_permissions() {
    let claims = SessionClaimsBuilder::new("user_1")
        .org("org_1", None, "admin")
        .feature("user:billing")
        .feature("uo:chat")
        .permission("org:billing:read")
        .permission("org:chat:write")
        .build(NOW)
        .unwrap();
    assert_eq!(claims["fea"], "u:billing,uo:chat,o:billing");
    let mut decoded = decode_v2_permissions(&claims);
    decoded.sort();
    assert_eq!(decoded, ["org:billing:read", "org:chat:write"]);
}

#[test]
fn masks_beyond_64_bits_are_exact() {
    let mut builder = SessionClaimsBuilder::new("user_1").org("org_1", None, "admin");
    for i in 0..70 {
        builder = builder.permission(format!("org:big:a{i}"));
    }
    let claims = builder.build(NOW).unwrap();
    assert_eq!(claims["o"]["fpm"], "1180591620717411303423", "2^70 - 1");
}

#[test]
fn v2_common_claims() {
    let claims = SessionClaimsBuilder::new("user_9")
        .session_id("sess_1")
        .ttl(Duration::from_mins(5))
        .azp("https://app.example.com")
        .issuer("https://clerk.example.com")
        .plan("u:pro")
        .plan("org:business")
        .build(NOW)
        .unwrap();
    assert_eq!(claims["sub"], "user_9");
    assert_eq!(claims["sid"], "sess_1");
    assert_eq!(claims["iat"], NOW);
    assert_eq!(claims["nbf"], NOW - 10);
    assert_eq!(claims["exp"], NOW + 300);
    assert_eq!(claims["azp"], "https://app.example.com");
    assert_eq!(claims["iss"], "https://clerk.example.com");
    assert_eq!(claims["v"], 2);
    assert_eq!(claims["pla"], "u:pro,o:business");
    assert_eq!(claims["fva"], json!([0, -1]));
    assert_eq!(claims["sts"], "active");
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() == 20));
    assert!(claims.get("o").is_none(), "no org, no `o`");
    assert!(claims.get("fea").is_none());
}

#[test]
fn v1_claims() {
    let claims = SessionClaimsBuilder::new("user_1")
        .org("org_1", Some("acme"), "admin")
        .permission("org:invoices:read")
        .permission("reports:manage")
        .v1()
        .build(NOW)
        .unwrap();
    assert_eq!(claims["org_id"], "org_1");
    assert_eq!(claims["org_role"], "org:admin");
    assert_eq!(claims["org_slug"], "acme");
    assert_eq!(
        claims["org_permissions"],
        json!(["org:invoices:read", "org:reports:manage"])
    );
    assert!(claims.get("v").is_none());
    assert!(claims.get("o").is_none());
    let no_slug = SessionClaimsBuilder::new("user_1")
        .org("org_1", None, "org:org:member")
        .v1()
        .build(NOW)
        .unwrap();
    assert_eq!(no_slug["org_role"], "org:member");
    assert!(no_slug.get("org_slug").is_none());
}

#[test]
fn bad_input_is_an_error() {
    let base = || SessionClaimsBuilder::new("user_1").org("org_1", None, "admin");
    assert_eq!(
        SessionClaimsBuilder::new("").build(NOW).unwrap_err(),
        ClaimsError::EmptyUserId
    );
    assert_eq!(
        SessionClaimsBuilder::new("u")
            .permission("org:a:b")
            .build(NOW)
            .unwrap_err(),
        ClaimsError::PermissionsWithoutOrg
    );
    assert_eq!(
        SessionClaimsBuilder::new("u")
            .org("org_1", None, "org:")
            .build(NOW)
            .unwrap_err(),
        ClaimsError::EmptyOrgField("role")
    );
    for bad in [
        "org:invoices",
        "invoices",
        "org:a:b:c",
        "org:a,b:c",
        "org::read",
        "org:a: b",
    ] {
        assert!(
            matches!(
                base().permission(bad).build(NOW),
                Err(ClaimsError::InvalidPermission { .. })
            ),
            "{bad}"
        );
    }
    for bad in ["beta", "x:beta", "o:", "o:a,b", "o:a:b"] {
        assert!(
            matches!(
                base().feature(bad).build(NOW),
                Err(ClaimsError::InvalidScoped {
                    kind: "feature",
                    ..
                })
            ),
            "{bad}"
        );
        assert!(
            matches!(
                base().plan(bad).build(NOW),
                Err(ClaimsError::InvalidScoped { kind: "plan", .. })
            ),
            "{bad}"
        );
    }
}
