use super::*;

fn tls(version: Option<&str>, cipher: Option<&str>) -> Option<TlsInfo> {
    Some(TlsInfo {
        version: version.map(str::to_owned),
        cipher: cipher.map(str::to_owned),
    })
}

#[test]
fn postfix_with_tls_comment() {
    let hop = parse_received(
        "from mail.example.org (mail.example.org [192.0.2.10]) (using TLSv1.3 with cipher \
         TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS \
         (2048 bits) server-digest SHA256) (No client certificate requested) by \
         mx.example.net (Postfix) with ESMTPS id 4ZkQ1T2abcz9sW for <bob@example.net>; \
         Mon, 7 Dec 2026 09:15:02 +0100 (CET)",
    );
    assert_eq!(
        hop.from.as_deref(),
        Some("mail.example.org (mail.example.org [192.0.2.10])")
    );
    assert_eq!(hop.by.as_deref(), Some("mx.example.net (Postfix)"));
    assert_eq!(hop.with.as_deref(), Some("ESMTPS"));
    assert_eq!(hop.id.as_deref(), Some("4ZkQ1T2abcz9sW"));
    assert_eq!(hop.recipient.as_deref(), Some("<bob@example.net>"));
    assert_eq!(
        hop.tls,
        tls(Some("TLSv1.3"), Some("TLS_AES_256_GCM_SHA384"))
    );
    assert_eq!(hop.at, Some(Timestamp(1_796_631_302)));
    assert_eq!(hop.encryption(), Encryption::Tls);
}

#[test]
fn exim_tls_clause() {
    let hop = parse_received(
        "from [198.51.100.7] (helo=relay.example.com) by mx.example.net with esmtps \
         (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <a@example.com>) \
         id 1rXyZa-000Abc-2Q for bob@example.net; Mon, 07 Dec 2026 08:15:03 +0000",
    );
    assert_eq!(hop.by.as_deref(), Some("mx.example.net"));
    assert_eq!(hop.with.as_deref(), Some("esmtps"));
    assert_eq!(hop.id.as_deref(), Some("1rXyZa-000Abc-2Q"));
    assert_eq!(hop.recipient.as_deref(), Some("bob@example.net"));
    assert_eq!(hop.tls, tls(Some("TLS1.3"), Some("TLS_AES_256_GCM_SHA384")));
    assert_eq!(hop.encryption(), Encryption::Tls);
}

#[test]
fn exchange_version_and_via() {
    let hop = parse_received(
        "from AM0PR02MB1234.eurprd02.prod.outlook.com (2603:10a6:208:10::15) by \
         AM0PR02MB5678.eurprd02.prod.outlook.com (2603:10a6:208:20::16) with Microsoft \
         SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id \
         15.20.7633.17 via Frontend Transport; Mon, 7 Dec 2026 08:15:04 +0000",
    );
    assert_eq!(hop.with.as_deref(), Some("Microsoft SMTP Server"));
    assert_eq!(hop.id.as_deref(), Some("15.20.7633.17"));
    assert_eq!(hop.via.as_deref(), Some("Frontend Transport"));
    assert_eq!(
        hop.tls,
        tls(
            Some("TLS1_2"),
            Some("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
        )
    );
}

#[test]
fn sendmail_version_comment() {
    let hop = parse_received(
        "from relay.example.com (relay.example.com [198.51.100.9]) by mail.example.net \
         (8.17.1/8.17.1) with ESMTP id 2B78F4xQ012345 (version=TLSv1.3 \
         cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT) for <bob@example.net>; Mon, \
         7 Dec 2026 08:15:04 GMT",
    );
    assert_eq!(hop.with.as_deref(), Some("ESMTP"));
    assert_eq!(
        hop.tls,
        tls(Some("TLSv1.3"), Some("TLS_AES_256_GCM_SHA384"))
    );
    // The comment states TLS even though the protocol name does not.
    assert_eq!(hop.encryption(), Encryption::Tls);
}

#[test]
fn qmail_forms() {
    let invoked = parse_received("(qmail 12345 invoked from network); 7 Dec 2026 08:15:05 -0000");
    assert_eq!(invoked.from, None);
    assert_eq!(invoked.by, None);
    assert_eq!(invoked.at, Some(Timestamp(1_796_631_305)));
    let network = parse_received(
        "from unknown (HELO relay.example.com) (198.51.100.9) by mail.example.net with SMTP; \
         7 Dec 2026 08:15:06 -0000",
    );
    assert_eq!(
        network.from.as_deref(),
        Some("unknown (HELO relay.example.com) (198.51.100.9)")
    );
    assert_eq!(network.encryption(), Encryption::Plain);
}

#[test]
fn encryption_table() {
    let cases: &[(&str, Encryption)] = &[
        (
            "from a (a [192.0.2.1]) by b with ESMTPSA id x; 7 Dec 2026 08:00:00 +0000",
            Encryption::Tls,
        ),
        (
            "from a (a [192.0.2.1]) by b with HTTPS; 7 Dec 2026 08:00:00 +0000",
            Encryption::Tls,
        ),
        (
            "from a (a [192.0.2.1]) by b with ESMTP id x; 7 Dec 2026 08:00:00 +0000",
            Encryption::Plain,
        ),
        (
            "from a (a [192.0.2.1]) by b with SMTP; 7 Dec 2026 08:00:00 +0000",
            Encryption::Plain,
        ),
        (
            "from localhost (localhost [127.0.0.1]) by b with ESMTP; 7 Dec 2026 08:00:00 +0000",
            Encryption::Internal,
        ),
        (
            "by b (Postfix, from userid 1000) id x; 7 Dec 2026 08:00:00 +0000",
            Encryption::Internal,
        ),
        (
            "from b by c with LMTP id x (envelope-from <a@b>) for <c@d>; 7 Dec 2026 08:00:00 +0000",
            Encryption::Internal,
        ),
        (
            "from a (a [192.0.2.1]) by b with UUCP; 7 Dec 2026 08:00:00 +0000",
            Encryption::Unknown,
        ),
        (
            "from a by b; 7 Dec 2026 08:00:00 +0000",
            Encryption::Unknown,
        ),
    ];
    for (value, expected) in cases {
        assert_eq!(parse_received(value).encryption(), *expected, "{value}");
    }
}

#[test]
fn odd_inputs_keep_what_they_can() {
    assert_eq!(parse_received(""), Hop::default());
    assert_eq!(parse_received(";"), Hop::default());
    // A keyword right after a keyword is the value (a host named `for`).
    let hop = parse_received("from for by with with id id");
    assert_eq!(hop.from.as_deref(), Some("for"));
    assert_eq!(hop.by.as_deref(), Some("with"));
    assert_eq!(hop.with.as_deref(), Some("id"));
    assert_eq!(hop.id, None);
    // An unclosed comment runs to the end; a `;` inside it is not the date separator.
    let hop = parse_received("from a (b; c by d");
    assert_eq!(hop.from.as_deref(), Some("a (b; c by d)"));
    assert_eq!(hop.at, None);
    // An unreadable date is no date.
    assert_eq!(parse_received("by b; someday").at, None);
}

#[test]
fn clauses_are_bounded() {
    let long = "x".repeat(MAX_CLAUSE_CHARS * 3);
    let hop = parse_received(&format!("from {long} {long} by b"));
    assert_eq!(hop.from.map(|f| f.chars().count()), Some(MAX_CLAUSE_CHARS));
    assert_eq!(hop.by.as_deref(), Some("b"));
    let wide = "é".repeat(MAX_CLAUSE_CHARS + 1);
    let hop = parse_received(&format!("by {wide}"));
    assert_eq!(hop.by.map(|f| f.chars().count()), Some(MAX_CLAUSE_CHARS));
}
