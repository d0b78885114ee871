//! How the elements of two lists are matched before they are compared:
//! along their longest common subsequence, as Terraform's renderer does, so
//! that an insertion in the middle of a list shows as one `+` line rather
//! than a change to every element after it.

use terrace_value::Value;

/// Deep equality including marks and unknowns, as the renderer compares.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    a.is_sensitive() == b.is_sensitive()
        && a.is_wholly_known() == b.is_wholly_known()
        && match (a.unmarked(), b.unmarked()) {
            (Value::Unknown(_), Value::Unknown(_)) => true,
            (x, y) => match (x.as_elements(), y.as_elements()) {
                (Some(xs), Some(ys)) => {
                    xs.len() == ys.len() && xs.iter().zip(ys).all(|(p, q)| same(p, q))
                }
                _ => match (x.as_entries(), y.as_entries()) {
                    (Some(xm), Some(ym)) => {
                        xm.len() == ym.len()
                            && xm
                                .iter()
                                .zip(ym)
                                .all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2))
                    }
                    _ => x.same_as(y) && x.is_known() == y.is_known(),
                },
            },
        }
}

/// Pairs list elements along their longest common subsequence: elements
/// off the subsequence are deletions, then creations (or, for lists of
/// objects, updates of the element in the same place).
pub(crate) fn lcs_pairs<'v>(
    b: &'v [Value],
    a: &'v [Value],
    objects: bool,
) -> Vec<(Option<&'v Value>, Option<&'v Value>)> {
    let (n, m) = (b.len(), a.len());
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if same(&b[i], &a[j]) {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let mut common = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if same(&b[i], &a[j]) {
            common.push((i, j));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    let mut out = Vec::new();
    let (mut bi, mut ai) = (0, 0);
    for (ci, cj) in common.into_iter().chain(std::iter::once((n, m))) {
        while bi < ci {
            if objects && ai < cj {
                out.push((Some(&b[bi]), Some(&a[ai])));
                ai += 1;
            } else {
                out.push((Some(&b[bi]), None));
            }
            bi += 1;
        }
        while ai < cj {
            out.push((None, Some(&a[ai])));
            ai += 1;
        }
        if ci < n && cj < m {
            out.push((Some(&b[ci]), Some(&a[cj])));
            bi = ci + 1;
            ai = cj + 1;
        }
    }
    out
}

/// Pairs the lines of two texts along their longest common subsequence.
pub(crate) fn line_pairs<'v>(
    b: &'v [Value],
    a: &'v [Value],
) -> Vec<(Option<&'v str>, Option<&'v str>)> {
    lcs_pairs(b, a, false)
        .into_iter()
        .map(|(x, y)| (x.and_then(Value::as_str), y.and_then(Value::as_str)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<Value> {
        items.iter().map(|s| Value::from(*s)).collect()
    }

    #[test]
    fn lists_follow_the_common_subsequence() {
        let b = strings(&["a", "b", "c"]);
        let a = strings(&["a", "c", "d"]);
        let pairs: Vec<(Option<&str>, Option<&str>)> = lcs_pairs(&b, &a, false)
            .into_iter()
            .map(|(x, y)| (x.and_then(Value::as_str), y.and_then(Value::as_str)))
            .collect();
        assert_eq!(
            pairs,
            vec![
                (Some("a"), Some("a")),
                (Some("b"), None),
                (Some("c"), Some("c")),
                (None, Some("d")),
            ]
        );
    }
}
