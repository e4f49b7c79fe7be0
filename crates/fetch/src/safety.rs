//! Which URLs rasid may fetch: http and https only, and never an address on the machine's
//! own networks (loopback, private ranges, link-local and cloud metadata, …) unless the
//! configuration allows it. Host names are checked when they resolve — in the resolver
//! the client connects through, so the address checked is the address used (a name that
//! resolves to a public address when checked and a private one when connecting cannot
//! slip through) — and address literals before the request and at every redirect.

use std::net::{IpAddr, Ipv4Addr};
use url::{Host, Url};

/// Why an address is refused, if it is.
pub fn forbidden(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => {
            // IPv4 inside IPv6 (::ffff:10.0.0.1, 64:ff9b::/96 NAT64) is judged as IPv4.
            if let Some(v4) = v6.to_ipv4_mapped() {
                return forbidden_v4(v4);
            }
            let s = v6.segments();
            if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
                let v4 =
                    Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
                return forbidden_v4(v4);
            }
            if v6.is_loopback() {
                Some("a loopback address")
            } else if v6.is_unspecified() {
                Some("the unspecified address")
            } else if (s[0] & 0xfe00) == 0xfc00 {
                Some("a private (unique local) address")
            } else if (s[0] & 0xffc0) == 0xfe80 {
                Some("a link-local address")
            } else if v6.is_multicast() {
                Some("a multicast address")
            } else if s[0] == 0x2001 && s[1] == 0x0db8 {
                Some("a documentation address")
            } else {
                None
            }
        }
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let o = ip.octets();
    if ip.is_loopback() {
        Some("a loopback address")
    } else if o == [169, 254, 169, 254] || o == [100, 100, 100, 200] {
        Some("a cloud metadata address")
    } else if ip.is_private() {
        Some("a private address")
    } else if ip.is_link_local() {
        Some("a link-local address")
    } else if o[0] == 100 && (o[1] & 0xc0) == 64 {
        Some("a shared (carrier-grade NAT) address")
    } else if o[0] == 0 {
        Some("the unspecified network")
    } else if ip.is_broadcast() || ip.is_multicast() || o[0] >= 240 {
        Some("a broadcast, multicast or reserved address")
    } else if o[0] == 192 && o[1] == 0 && o[2] == 0 {
        Some("an IETF protocol address")
    } else if o[0] == 198 && (o[1] & 0xfe) == 18 {
        Some("a benchmarking address")
    } else if ip.is_documentation() {
        Some("a documentation address")
    } else {
        None
    }
}

/// A URL as rasid will fetch it, or why not: it must parse, be http or https, have a
/// host, and — unless `allow_private` — not name a refused address literally.
pub fn check_url(url: &str, allow_private: bool) -> Result<Url, String> {
    let parsed = Url::parse(url.trim()).map_err(|e| format!("not a URL ({e})"))?;
    match parsed.scheme() {
        "http" | "https" => {}
        other => {
            return Err(format!(
                "only http and https URLs can be fetched, not {other}:"
            ))
        }
    }
    let ip = match parsed.host() {
        None => return Err("the URL has no host".into()),
        Some(Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
        Some(Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
        Some(Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if !allow_private && (d == "localhost" || d.ends_with(".localhost")) {
                return Err(refusal(&d, "a loopback address"));
            }
            None
        }
    };
    if let (Some(ip), false) = (ip, allow_private) {
        if let Some(why) = forbidden(ip) {
            return Err(refusal(&ip.to_string(), why));
        }
    }
    Ok(parsed)
}

/// The message for a refused address.
pub fn refusal(host: &str, why: &str) -> String {
    format!(
        "{host} is {why}: rasid does not fetch from the machine's own networks \
         (set allow_private_addresses = true in rasid.toml to allow it)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_refused() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "169.254.1.1",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "64:ff9b::a00:1",
        ] {
            let ip: IpAddr = a.parse().unwrap();
            assert!(forbidden(ip).is_some(), "{a} must be refused");
        }
        for a in [
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2a00:1450::1",
            "1.1.1.1",
        ] {
            let ip: IpAddr = a.parse().unwrap();
            assert_eq!(forbidden(ip), None, "{a} is public");
        }
    }

    #[test]
    fn urls_are_checked_for_scheme_host_and_literal_addresses() {
        assert!(check_url("https://www.bbc.com/arabic/index.xml", false).is_ok());
        assert!(check_url("ftp://example.com/feed", false)
            .unwrap_err()
            .contains("only http and https"));
        assert!(check_url("file:///etc/passwd", false).is_err());
        assert!(check_url("not a url", false).is_err());
        let e = check_url("http://127.0.0.1:8080/feed", false).unwrap_err();
        assert!(
            e.contains("loopback") && e.contains("allow_private_addresses"),
            "{e}"
        );
        assert!(check_url("http://[::1]/", false).is_err());
        assert!(check_url("http://localhost/", false).is_err());
        assert!(check_url("http://169.254.169.254/latest/meta-data", false)
            .unwrap_err()
            .contains("metadata"));
        assert!(check_url("http://127.0.0.1:8080/feed", true).is_ok());
    }
}
