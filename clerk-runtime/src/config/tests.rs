use super::*;

const PEM: &str = include_str!("../../../tests/conformance/keys/rsa2048-a.public.pem");
const SECRET: &str = "sk_test_0123456789abcdefghijKLMN";
/// base64 of `clerk.example.com$`
const PK_LIVE: &str = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k";

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn reads_every_variable() {
    let config = ClerkConfig::from_vars(vars(&[
        ("CLERK_SECRET_KEY", SECRET),
        ("CLERK_PUBLISHABLE_KEY", PK_LIVE),
        ("CLERK_JWT_KEY", PEM),
        ("CLERK_API_URL", "http://127.0.0.1:9999/"),
        ("CLERK_API_VERSION", "v2"),
        ("CLERK_SIGN_IN_URL", "/sign-in"),
        ("CLERK_SIGN_UP_URL", "https://app.example.com/sign-up"),
        ("CLERK_DOMAIN", "satellite.example.com"),
        ("CLERK_PROXY_URL", "/__clerk"),
        ("CLERK_IS_SATELLITE", "false"),
        ("CLERK_ENCRYPTION_KEY", "e2b8c1f0"),
        ("UNRELATED", "ignored"),
    ]))
    .unwrap();
    assert_eq!(config.secret_key().unwrap().expose(), SECRET);
    assert_eq!(
        config.publishable_key().unwrap().frontend_api(),
        "clerk.example.com"
    );
    assert!(config.jwt_key().is_some());
    assert_eq!(config.api_url(), "http://127.0.0.1:9999");
    assert_eq!(config.api_version(), "v2");
    assert_eq!(config.sign_in_url(), Some("/sign-in"));
    assert_eq!(
        config.sign_up_url(),
        Some("https://app.example.com/sign-up")
    );
    assert_eq!(config.domain(), Some("satellite.example.com"));
    assert_eq!(config.proxy_url(), Some("/__clerk"));
    assert!(!config.is_satellite());
    assert_eq!(config.encryption_key().unwrap().expose(), "e2b8c1f0");
    assert!(config.is_live(), "pk_live_ makes the config live");
    assert_eq!(
        config.remote_keys().unwrap().url(),
        "http://127.0.0.1:9999/v2/jwks"
    );
}

#[test]
fn defaults_are_clerks() {
    let config = ClerkConfig::from_vars(vars(&[("CLERK_SECRET_KEY", SECRET)])).unwrap();
    assert_eq!(config.api_url(), "https://api.clerk.com");
    assert_eq!(config.api_version(), "v1");
    assert_eq!(config.verify_options(), &VerifyOptions::default());
    assert_eq!(config.verify_options().clock_skew_ms, 5000);
    assert!(!config.jwks_options().skip_cache);
    assert!(!config.is_satellite());
    assert!(!config.is_live());
    assert_eq!(
        config.remote_keys().unwrap().url(),
        "https://api.clerk.com/v1/jwks"
    );
}

#[test]
fn empty_variables_count_as_unset() {
    let config = ClerkConfig::from_vars(vars(&[
        ("CLERK_SECRET_KEY", SECRET),
        ("CLERK_API_URL", ""),
        ("CLERK_IS_SATELLITE", ""),
    ]))
    .unwrap();
    assert_eq!(config.api_url(), DEFAULT_API_URL);
    assert!(!config.is_satellite());
}

#[test]
fn options_win_over_variables_in_either_order() {
    let before = ClerkConfig::builder()
        .api_version("v9")
        .secret_key("sk_live_fromoption")
        .vars(vars(&[
            ("CLERK_SECRET_KEY", SECRET),
            ("CLERK_API_VERSION", "v2"),
        ]))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(before.api_version(), "v9");
    assert!(before.secret_key().unwrap().is_live());
    let after = ClerkConfig::builder()
        .vars(vars(&[
            ("CLERK_SECRET_KEY", SECRET),
            ("CLERK_API_VERSION", "v2"),
        ]))
        .unwrap()
        .api_version("v9")
        .build()
        .unwrap();
    assert_eq!(after.api_version(), "v9");
}

#[test]
fn verification_options_are_kept() {
    let config = ClerkConfig::builder()
        .jwt_key(PEM)
        .audience(["aud-1", "aud-2"])
        .authorized_parties(["https://app.example.com"])
        .clock_skew_ms(-100)
        .issuer(["https://clerk.example.com"])
        .header_type(["JWT", "at+jwt"])
        .skip_jwks_cache(true)
        .build()
        .unwrap();
    let options = config.verify_options();
    assert_eq!(options.audience, ["aud-1", "aud-2"]);
    assert_eq!(options.authorized_parties, ["https://app.example.com"]);
    assert_eq!(options.clock_skew_ms, -100);
    assert_eq!(
        options.issuer.as_deref(),
        Some(&["https://clerk.example.com".to_owned()][..])
    );
    assert_eq!(
        options.header_types.as_deref(),
        Some(&["JWT".to_owned(), "at+jwt".to_owned()][..])
    );
    assert!(config.jwks_options().skip_cache);
    assert!(config.remote_keys().is_none(), "no secret key, no JWKS");
}

#[test]
fn a_pem_with_escaped_newlines_is_read() {
    let one_line = PEM.trim().replace('\n', "\\n");
    let config = ClerkConfig::builder().jwt_key(one_line).build().unwrap();
    assert!(config.jwt_key().is_some());
}

/// Each case: the variables, and a piece of text the error must contain.
#[test]
fn malformed_values_are_errors_that_name_the_variable() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("CLERK_IS_SATELLITE", "maybe")], "CLERK_IS_SATELLITE"),
        (&[("CLERK_SECRET_KEY", "pk_test_abc")], "CLERK_SECRET_KEY"),
        (&[("CLERK_SECRET_KEY", "sk_test_a b")], "CLERK_SECRET_KEY"),
        (
            &[
                ("CLERK_SECRET_KEY", SECRET),
                ("CLERK_PUBLISHABLE_KEY", "pk_test_???"),
            ],
            "CLERK_PUBLISHABLE_KEY",
        ),
        (&[("CLERK_JWT_KEY", "not a pem")], "CLERK_JWT_KEY"),
        (
            &[
                ("CLERK_SECRET_KEY", SECRET),
                ("CLERK_API_URL", "api.clerk.com"),
            ],
            "CLERK_API_URL",
        ),
        (
            &[
                ("CLERK_SECRET_KEY", SECRET),
                ("CLERK_API_URL", "http://api.clerk.com"),
            ],
            "loopback",
        ),
        (
            &[("CLERK_SECRET_KEY", SECRET), ("CLERK_API_VERSION", "v1/x")],
            "CLERK_API_VERSION",
        ),
        (
            &[
                ("CLERK_SECRET_KEY", SECRET),
                ("CLERK_SIGN_IN_URL", "//evil.com"),
            ],
            "CLERK_SIGN_IN_URL",
        ),
        (
            &[
                ("CLERK_SECRET_KEY", SECRET),
                ("CLERK_SIGN_UP_URL", "sign-up"),
            ],
            "CLERK_SIGN_UP_URL",
        ),
        (
            &[("CLERK_SECRET_KEY", SECRET), ("CLERK_PROXY_URL", "ftp://x")],
            "CLERK_PROXY_URL",
        ),
        (
            &[("CLERK_SECRET_KEY", SECRET), ("CLERK_DOMAIN", "a b")],
            "CLERK_DOMAIN",
        ),
        (
            &[
                ("CLERK_SECRET_KEY", SECRET),
                ("CLERK_ENCRYPTION_KEY", "   "),
            ],
            "CLERK_ENCRYPTION_KEY",
        ),
        (&[], "CLERK_SECRET_KEY"),
        (&[("CLERK_PUBLISHABLE_KEY", PK_LIVE)], "CLERK_JWT_KEY"),
    ];
    for (pairs, expected) in cases {
        let err = ClerkConfig::from_vars(vars(pairs)).expect_err(expected);
        let message = err.to_string();
        assert!(message.contains(expected), "{pairs:?}: {message}");
    }
}

#[test]
fn option_errors_name_the_option() {
    let cases = [
        (ClerkConfig::builder().secret_key("nope"), "secret_key"),
        (ClerkConfig::builder().jwt_key("nope"), "jwt_key"),
        (ClerkConfig::builder().jwt_key(PEM).api_url("x"), "api_url"),
        (
            ClerkConfig::builder().jwt_key(PEM).authorized_parties([""]),
            "authorized_parties",
        ),
        (
            ClerkConfig::builder().jwt_key(PEM).audience(["a", ""]),
            "audience",
        ),
        (ClerkConfig::builder().jwt_key(PEM).issuer([""]), "issuer"),
        (
            ClerkConfig::builder().jwt_key(PEM).header_type([""]),
            "header_type",
        ),
    ];
    for (builder, name) in cases {
        let message = builder.build().unwrap_err().to_string();
        assert!(message.contains(&format!("`{name}`")), "{name}: {message}");
    }
}

#[test]
fn satellite_rules_follow_clerk() {
    let satellite = || ClerkConfig::builder().secret_key(SECRET).is_satellite(true);
    assert_eq!(
        satellite().build().unwrap_err(),
        ConfigError::SatelliteWithoutDomain
    );
    assert_eq!(
        satellite().domain("sat.example.com").build().unwrap_err(),
        ConfigError::SatelliteWithoutSignInUrl,
        "a dev satellite needs an absolute sign-in URL"
    );
    assert_eq!(
        satellite()
            .domain("sat.example.com")
            .sign_in_url("/sign-in")
            .build()
            .unwrap_err(),
        ConfigError::SatelliteWithoutSignInUrl
    );
    let ok = satellite()
        .proxy_url("https://sat.example.com/__clerk")
        .sign_in_url("https://primary.example.com/sign-in")
        .build()
        .unwrap();
    assert!(ok.is_satellite());
    let live = ClerkConfig::builder()
        .secret_key("sk_live_0123456789")
        .is_satellite(true)
        .domain("sat.example.com")
        .build()
        .unwrap();
    assert!(
        live.is_satellite(),
        "production satellites may omit the sign-in URL"
    );
    let from_env = ClerkConfig::from_vars(vars(&[
        ("CLERK_SECRET_KEY", SECRET),
        ("CLERK_IS_SATELLITE", "TRUE"),
    ]));
    assert_eq!(from_env.unwrap_err(), ConfigError::SatelliteWithoutDomain);
}

#[test]
fn debug_output_never_shows_secrets() {
    let config = ClerkConfig::builder()
        .secret_key(SECRET)
        .encryption_key("topsecretencryption")
        .build()
        .unwrap();
    let builder = ClerkConfig::builder()
        .secret_key(SECRET)
        .encryption_key("topsecretencryption");
    for text in [
        format!("{config:?}"),
        format!("{builder:?}"),
        format!("{config:#?}"),
    ] {
        assert!(!text.contains("0123456789abcdefghij"), "{text}");
        assert!(!text.contains("topsecretencryption"), "{text}");
    }
    assert!(format!("{config:?}").contains("sk_test_****KLMN"));
}
