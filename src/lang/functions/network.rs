//! The network functions of Terraform's library: `cidrhost`, `cidrnetmask`,
//! `cidrsubnet` and `cidrsubnets`, for IPv4 and IPv6 prefixes. The address
//! arithmetic, including its edge cases, follows [`super::go_ip`].

use num_bigint::BigInt;
use terrace_value::{Number, Type, Value};

use super::go_ip::{self, Net};
use super::{FuncContext, FuncError, Function, Param};

/// The functions of this group.
pub fn functions() -> Vec<Function> {
    let prefix = || Param::new("prefix", Type::String);
    let num = |name| Param::new(name, Type::Number);
    vec![
        Function::new(
            "cidrhost",
            vec![prefix(), num("hostnum")],
            Type::String,
            cidrhost,
        ),
        Function::new("cidrnetmask", vec![prefix()], Type::String, cidrnetmask),
        Function::new(
            "cidrsubnet",
            vec![prefix(), num("newbits"), num("netnum")],
            Type::String,
            cidrsubnet,
        ),
        Function::new(
            "cidrsubnets",
            vec![prefix()],
            Type::list(Type::String),
            cidrsubnets,
        )
        .variadic(num("newbits")),
    ]
}

const NOT_WHOLE: &str = "value must be a whole number";
const NOT_INT: &str =
    "value must be a whole number, between -9223372036854775808 and 9223372036854775807";

fn number(v: &Value) -> Number {
    v.as_number().cloned().unwrap_or_else(Number::zero)
}

fn big(v: &Value) -> Result<BigInt, String> {
    number(v).to_bigint().ok_or_else(|| NOT_WHOLE.to_string())
}

fn int(v: &Value) -> Result<i64, String> {
    number(v).to_i64().ok_or_else(|| NOT_INT.to_string())
}

fn parse(prefix: &Value) -> Result<Net, String> {
    let text = prefix.as_str().unwrap_or_default();
    go_ip::parse_cidr(text)
        .ok_or_else(|| format!("invalid CIDR expression: invalid CIDR address: {text}"))
}

/// The low 64 bits of `|n|`, as Go's `big.Int.Uint64` reads them.
fn low_u64(n: &BigInt) -> u64 {
    n.magnitude().iter_u64_digits().next().unwrap_or(0)
}

fn cidrhost(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let mut num = big(&args[1]).map_err(FuncError::call)?;
    let net = parse(&args[0]).map_err(FuncError::call)?;
    let (parent, bits) = go_ip::mask_size(&net.mask);
    let max: BigInt = (BigInt::from(1) << (bits - parent) as usize) - 1;
    // Go reads the number through an int64, so huge positive numbers wrap.
    let mut checked = BigInt::from(low_u64(&num) as i64);
    if num < BigInt::default() {
        checked = -&num - 1;
        num = &max - &checked;
    }
    let refuse = |num: &BigInt| {
        FuncError::call(format!(
            "prefix of {parent} does not accommodate a host numbered {num}"
        ))
    };
    if checked > max {
        return Err(refuse(&num));
    }
    let width = if go_ip::to4(&net.ip).is_some() {
        32
    } else {
        128
    };
    let ip = go_ip::insert_num(&net.ip, &num, width).ok_or_else(|| refuse(&num))?;
    Ok(Value::string(go_ip::ip_string(&ip)))
}

fn cidrnetmask(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let net = parse(&args[0]).map_err(FuncError::call)?;
    if go_ip::to4(&net.ip).is_none() {
        let text = args[0].as_str().unwrap_or_default();
        return Err(FuncError::call(format!(
            "IPv6 addresses cannot have a netmask: {text}"
        )));
    }
    Ok(Value::string(go_ip::ip_string(&net.mask)))
}

fn cidrsubnet(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let newbits = int(&args[1]).map_err(FuncError::call)?;
    let num = big(&args[2]).map_err(FuncError::call)?;
    let net = parse(&args[0]).map_err(FuncError::call)?;
    let (parent, bits) = go_ip::mask_size(&net.mask);
    let new_len = parent.wrapping_add(newbits);
    if new_len > bits {
        return Err(FuncError::call(format!(
            "insufficient address space to extend prefix of {parent} by {newbits}"
        )));
    }
    // Go computes the largest subnet number in 64 bits: shifts of 64 or more
    // (and negative extensions) leave no limit at all.
    let max = if newbits as u64 >= 64 {
        u64::MAX
    } else {
        (1u64 << newbits) - 1
    };
    let refuse = || {
        FuncError::call(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {num}"
        ))
    };
    if low_u64(&num) > max {
        return Err(refuse());
    }
    let ip = go_ip::insert_num(&net.ip, &num, new_len).ok_or_else(refuse)?;
    let mask = go_ip::cidr_mask(new_len, bits);
    Ok(Value::string(go_ip::net_string(&Net { ip, mask })))
}

fn cidrsubnets(_: &FuncContext<'_>, args: &[Value]) -> Result<Value, FuncError> {
    let net = parse(&args[0]).map_err(|e| FuncError::arg(0, e))?;
    let (start, _) = go_ip::mask_size(&net.mask);
    let lengths = &args[1..];
    let Some(first) = lengths.first() else {
        return Ok(Value::List(Type::String, Vec::new()));
    };
    let first = int(first).map_err(|e| FuncError::arg(1, e))?;
    let mut current = go_ip::previous_subnet(&net, first.wrapping_add(start));
    let address_bits = 8 * net.ip.len() as i64;
    let mut out = Vec::with_capacity(lengths.len());
    for (i, arg) in lengths.iter().enumerate() {
        let at = i + 1;
        let length = int(arg).map_err(|e| FuncError::arg(at, e))?;
        if length < 1 {
            return Err(FuncError::arg(at, "must extend prefix by at least one bit"));
        }
        // Terraform limits one step to 32 bits so results do not depend on
        // the platform's integer size.
        if length > 32 {
            return Err(FuncError::arg(
                at,
                "may not extend prefix by more than 32 bits",
            ));
        }
        let length = length + start;
        if length > address_bits {
            let protocol = match address_bits {
                32 => "IPv4",
                128 => "IPv6",
                _ => "IP",
            };
            return Err(FuncError::arg(
                at,
                format!("would extend prefix to {length} bits, which is too long for an {protocol} address"),
            ));
        }
        let no_room = |current: &Net| {
            FuncError::arg(
                at,
                format!(
                    "not enough remaining address space for a subnet with a prefix of {length} bits after {}",
                    go_ip::net_string(current)
                ),
            )
        };
        let (next, rollover) =
            go_ip::next_subnet(&current, length).ok_or_else(|| no_room(&current))?;
        if rollover || !go_ip::contains(&net, &next.ip) {
            return Err(no_room(&current));
        }
        current = next;
        out.push(Value::string(go_ip::net_string(&current)));
    }
    Ok(Value::List(Type::String, out))
}

#[cfg(test)]
#[path = "network_tests.rs"]
mod tests;
