//! IP addresses and networks with the semantics of Go's `net` package and the
//! CIDR library Terraform's `cidr*` functions are built on. Those semantics
//! show through in results users rely on: IPv4-mapped IPv6 prefixes print as
//! IPv4, leading zeros in IPv4 octets are accepted as decimal, a negative
//! subnet number wraps within the prefix, and a network too short to mask
//! prints as `<nil>`.

use num_bigint::{BigInt, Sign};

const V4_IN_V6_PREFIX: [u8; 12] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/// An address of 4 or 16 bytes, or empty for "no address".
pub type Ip = Vec<u8>;

/// A network: an address and a mask of 4 or 16 bytes (empty for none).
#[derive(Debug, Clone, PartialEq)]
pub struct Net {
    /// The network's address.
    pub ip: Ip,
    /// The mask.
    pub mask: Vec<u8>,
}

/// Parses `a.b.c.d/n` or an IPv6 prefix; `None` if it is not one.
pub fn parse_cidr(s: &str) -> Option<Net> {
    let (addr, bits) = s.split_once('/')?;
    let (ip, len) = match parse_ipv4(addr) {
        Some(ip) => (ip, 4),
        None => (parse_ipv6(addr)?, 16),
    };
    if bits.is_empty() || !bits.bytes().all(|b| b.is_ascii_digit()) || bits.len() > 8 {
        return None;
    }
    let ones: i64 = bits.parse().ok()?;
    if ones > 8 * len {
        return None;
    }
    let mask = cidr_mask(ones, 8 * len);
    Some(Net {
        ip: ip_mask(&ip, &mask),
        mask,
    })
}

fn parse_ipv4(s: &str) -> Option<Ip> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut out = V4_IN_V6_PREFIX.to_vec();
    for p in parts {
        if p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push(u8::try_from(p.parse::<u32>().ok()?).ok()?);
    }
    Some(out)
}

fn parse_ipv6(mut s: &str) -> Option<Ip> {
    let mut ip = vec![0u8; 16];
    let mut ellipsis: Option<usize> = None;
    if let Some(rest) = s.strip_prefix("::") {
        ellipsis = Some(0);
        s = rest;
        if s.is_empty() {
            return Some(ip);
        }
    }
    let mut i = 0;
    while i < 16 {
        let hex_len = s.bytes().take_while(u8::is_ascii_hexdigit).count();
        if hex_len == 0 || hex_len > 6 {
            return None;
        }
        let n = u32::from_str_radix(&s[..hex_len], 16).ok()?;
        if n > 0xffff {
            return None;
        }
        if s.as_bytes().get(hex_len) == Some(&b'.') {
            if (ellipsis.is_none() && i != 12) || i + 4 > 16 {
                return None;
            }
            let v4 = parse_ipv4(s)?;
            ip[i..i + 4].copy_from_slice(&v4[12..]);
            s = "";
            i += 4;
            break;
        }
        ip[i] = (n >> 8) as u8;
        ip[i + 1] = n as u8;
        i += 2;
        s = &s[hex_len..];
        if s.is_empty() {
            break;
        }
        if !s.starts_with(':') || s.len() == 1 {
            return None;
        }
        s = &s[1..];
        if s.starts_with(':') {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return None;
    }
    match ellipsis {
        Some(e) if i < 16 => {
            let n = 16 - i;
            ip.copy_within(e..i, e + n);
            ip[e..e + n].fill(0);
        }
        Some(_) => return None,
        None if i != 16 => return None,
        None => {}
    }
    Some(ip)
}

/// A mask of `ones` leading one bits out of `bits`; empty when out of range.
pub fn cidr_mask(ones: i64, bits: i64) -> Vec<u8> {
    if (bits != 32 && bits != 128) || ones < 0 || ones > bits {
        return Vec::new();
    }
    (0..bits / 8)
        .map(|i| {
            let left = (ones - i * 8).clamp(0, 8);
            (0xff00u16 >> left) as u8
        })
        .collect()
}

/// The 4-byte form of an IPv4 or IPv4-mapped address.
pub fn to4(ip: &[u8]) -> Option<&[u8]> {
    match ip.len() {
        4 => Some(ip),
        16 if ip[..12] == V4_IN_V6_PREFIX => Some(&ip[12..]),
        _ => None,
    }
}

fn check_ipv4(ip: &[u8]) -> Ip {
    to4(ip).unwrap_or(ip).to_vec()
}

/// `ip` with `mask` applied; empty when their sizes do not fit together.
pub fn ip_mask(ip: &[u8], mask: &[u8]) -> Ip {
    let mut ip = ip;
    let mut mask = mask;
    if mask.len() == 16 && ip.len() == 4 && mask[..12].iter().all(|b| *b == 0xff) {
        mask = &mask[12..];
    }
    if mask.len() == 4 && ip.len() == 16 && ip[..12] == V4_IN_V6_PREFIX {
        ip = &ip[12..];
    }
    if ip.len() != mask.len() {
        return Vec::new();
    }
    ip.iter().zip(mask).map(|(a, b)| a & b).collect()
}

/// The prefix length of a canonical mask, or `None` for a non-canonical one.
fn simple_mask_length(mask: &[u8]) -> Option<i64> {
    let ones: u32 = mask.iter().map(|b| b.count_ones()).sum();
    let canonical = mask
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1))
        .skip(ones as usize)
        .all(|b| b == 0);
    canonical.then_some(i64::from(ones))
}

/// Prefix length and total bits of a mask; `(0, 0)` if not canonical.
pub fn mask_size(mask: &[u8]) -> (i64, i64) {
    match simple_mask_length(mask) {
        Some(ones) => (ones, 8 * mask.len() as i64),
        None => (0, 0),
    }
}

/// Go's text form of an address.
pub fn ip_string(ip: &[u8]) -> String {
    if ip.is_empty() {
        return "<nil>".into();
    }
    if let Some(v4) = to4(ip) {
        return format!("{}.{}.{}.{}", v4[0], v4[1], v4[2], v4[3]);
    }
    if ip.len() != 16 {
        return format!(
            "?{}",
            ip.iter().map(|b| format!("{b:02x}")).collect::<String>()
        );
    }
    let groups: Vec<u16> = ip
        .chunks(2)
        .map(|c| u16::from(c[0]) << 8 | u16::from(c[1]))
        .collect();
    let (mut best_start, mut best_len) = (8, 0);
    let mut i = 0;
    while i < 8 {
        let run = groups[i..].iter().take_while(|g| **g == 0).count();
        if run > best_len {
            (best_start, best_len) = (i, run);
        }
        i += run.max(1);
    }
    if best_len < 2 {
        best_start = 8;
    }
    let mut out = String::new();
    let mut i = 0;
    while i < 8 {
        if i == best_start {
            out.push_str("::");
            i += best_len;
            continue;
        }
        if i > 0 && !out.ends_with(':') {
            out.push(':');
        }
        out.push_str(&format!("{:x}", groups[i]));
        i += 1;
    }
    out
}

fn network_and_mask(n: &Net) -> Option<(Ip, Vec<u8>)> {
    let ip = match to4(&n.ip) {
        Some(v4) => v4.to_vec(),
        None if n.ip.len() == 16 => n.ip.clone(),
        None => return None,
    };
    let mask = match n.mask.len() {
        4 if ip.len() == 4 => n.mask.clone(),
        16 if ip.len() == 4 => n.mask[12..].to_vec(),
        16 => n.mask.clone(),
        _ => return None,
    };
    Some((ip, mask))
}

/// Go's text form of a network: `address/prefix`, or `<nil>`.
pub fn net_string(n: &Net) -> String {
    match network_and_mask(n) {
        None => "<nil>".into(),
        Some((ip, mask)) => match simple_mask_length(&mask) {
            Some(ones) => format!("{}/{ones}", ip_string(&ip)),
            None => format!(
                "{}/{}",
                ip_string(&ip),
                mask.iter().map(|b| format!("{b:02x}")).collect::<String>()
            ),
        },
    }
}

/// Whether `ip` lies inside `n`.
pub fn contains(n: &Net, ip: &[u8]) -> bool {
    let Some((nn, mask)) = network_and_mask(n) else {
        return false;
    };
    let ip = to4(ip).unwrap_or(ip);
    ip.len() == nn.len() && (0..ip.len()).all(|i| nn[i] & mask[i] == ip[i] & mask[i])
}

fn ip_to_int(ip: &[u8]) -> Option<(BigInt, i64)> {
    matches!(ip.len(), 4 | 16).then(|| (BigInt::from_bytes_be(Sign::Plus, ip), 8 * ip.len() as i64))
}

/// The address of `bits` bits holding `|value|`; `None` if it does not fit.
fn int_to_ip(value: &BigInt, bits: i64) -> Option<Ip> {
    let bytes = value.magnitude().to_bytes_be();
    let size = (bits / 8) as usize;
    let bytes: &[u8] = if value.sign() == Sign::NoSign {
        &[]
    } else {
        &bytes
    };
    if bytes.len() > size {
        return None;
    }
    let mut out = vec![0u8; size];
    out[size - bytes.len()..].copy_from_slice(bytes);
    Some(out)
}

/// `ip` with `num` or-ed in below the first `prefix_len` bits, in two's
/// complement for negative numbers; `None` where the result overflows.
pub fn insert_num(ip: &[u8], num: &BigInt, prefix_len: i64) -> Option<Ip> {
    let (ip_int, total) = ip_to_int(ip)?;
    let shift = total - prefix_len;
    let shifted = if num.sign() == Sign::NoSign {
        BigInt::default()
    } else if !(0..=256).contains(&shift) {
        return None;
    } else {
        num << shift as usize
    };
    int_to_ip(&(ip_int | shifted), total)
}

/// The first and last address of a network.
pub fn address_range(n: &Net) -> Option<(Ip, Ip)> {
    let first = ip_mask(&n.ip, &n.mask);
    let (ones, bits) = mask_size(&n.mask);
    if ones == bits {
        return Some((first.clone(), first));
    }
    let (first_int, bits) = ip_to_int(&first)?;
    let host_len = usize::try_from(bits - ones).ok()?;
    let last = ((BigInt::from(1) << host_len) - 1) | first_int;
    Some((first, int_to_ip(&last, bits)?))
}

/// The address one above `ip`, wrapping.
pub fn inc(ip: &[u8]) -> Ip {
    let mut out = check_ipv4(ip);
    for b in out.iter_mut().rev() {
        *b = b.wrapping_add(1);
        if *b > 0 {
            break;
        }
    }
    out
}

/// The address one below `ip`, wrapping.
pub fn dec(ip: &[u8]) -> Ip {
    let mut out = check_ipv4(ip);
    for b in out.iter_mut().rev() {
        *b = b.wrapping_sub(1);
        if *b < 255 {
            break;
        }
    }
    out
}

/// Whether two addresses are equal, an IPv4 address equalling its mapped form.
pub fn ip_equal(a: &[u8], b: &[u8]) -> bool {
    match (a.len(), b.len()) {
        (x, y) if x == y => a == b,
        (4, 16) => b[..12] == V4_IN_V6_PREFIX && a == &b[12..],
        (16, 4) => a[..12] == V4_IN_V6_PREFIX && &a[12..] == b,
        _ => false,
    }
}

/// The subnet of length `prefix_len` just below `n`.
pub fn previous_subnet(n: &Net, prefix_len: i64) -> Net {
    let start = ip_mask(&check_ipv4(&n.ip), &n.mask);
    let previous = dec(&start);
    let mask = cidr_mask(prefix_len, 8 * previous.len() as i64);
    Net {
        ip: ip_mask(&previous, &mask),
        mask,
    }
}

/// The subnet of length `prefix_len` just above `n`, and whether the address
/// space wrapped around to reach it.
pub fn next_subnet(n: &Net, prefix_len: i64) -> Option<(Net, bool)> {
    let (_, current_last) = address_range(n)?;
    let mask = cidr_mask(prefix_len, 8 * current_last.len() as i64);
    let current = Net {
        ip: ip_mask(&current_last, &mask),
        mask: mask.clone(),
    };
    let (_, last) = address_range(&current)?;
    let last = inc(&last);
    let mut v4_zero = V4_IN_V6_PREFIX.to_vec();
    v4_zero.extend([0, 0, 0, 0]);
    let rollover = ip_equal(&last, &v4_zero) || ip_equal(&last, &[0; 16]);
    Some((
        Net {
            ip: ip_mask(&last, &mask),
            mask,
        },
        rollover,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_go() {
        let n = parse_cidr("010.1.2.3/8").unwrap();
        assert_eq!(net_string(&n), "10.0.0.0/8");
        assert_eq!(net_string(&parse_cidr("FD00::1/64").unwrap()), "fd00::/64");
        assert_eq!(
            net_string(&parse_cidr("::ffff:10.0.0.0/104").unwrap()),
            "10.0.0.0/8"
        );
        assert!(parse_cidr("10.0.0.0").is_none());
        assert!(parse_cidr("10.0.0.0/33").is_none());
        assert!(parse_cidr("10.0.0.0/+8").is_none());
        assert!(parse_cidr("1.2.3/8").is_none());
        assert!(parse_cidr("fe80::1%eth0/64").is_none());
        assert!(parse_cidr("1:2:3:4:5:6:7:8::/64").is_none());
        assert!(parse_cidr("10.0.0.0/08").is_some());
    }

    #[test]
    fn formats_like_go() {
        let v6 = |s: &str| ip_string(&parse_ipv6(s).unwrap());
        assert_eq!(v6("::"), "::");
        assert_eq!(v6("fd00:0:0:1::5"), "fd00:0:0:1::5");
        assert_eq!(v6("1:0:0:2:0:0:0:3"), "1:0:0:2::3");
        assert_eq!(v6("1:0:2:0:3:0:4:0"), "1:0:2:0:3:0:4:0");
        assert_eq!(v6("::1.2.3.4"), "::102:304");
        assert_eq!(v6("::ffff:1.2.3.4"), "1.2.3.4");
        assert_eq!(
            net_string(&Net {
                ip: vec![10, 0, 0, 0],
                mask: Vec::new()
            }),
            "<nil>"
        );
    }
}
