//! One copy of the standard library's stable sort for every list of the crate.
//!
//! Each call of `slice::sort_by` with its own element type and comparator compiles to its own
//! copy of the sort (about 4 KB of wasm a copy). Here the standard sort runs in one place, over
//! indexes, through a `dyn` comparator; callers keep their own comparisons and element types.

use std::cmp::Ordering;

/// The indexes `0..len` in the order `cmp` gives them; equal elements keep their order.
pub fn order_by(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut indexes: Vec<usize> = (0..len).collect();
    indexes.sort_by(|&i, &j| cmp(i, j));
    indexes
}

/// Sorts `items` by `cmp`, stably, as `slice::sort_by` does.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let order = order_by(items.len(), &|i, j| cmp(&items[i], &items[j]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let pairs: Vec<(u8, usize)> = (0..200).map(|i| ((i * 37 % 11) as u8, i)).collect();
        let mut ours = pairs.clone();
        sort_by(&mut ours, &|a, b| a.0.cmp(&b.0));
        let mut std = pairs;
        std.sort_by_key(|a| a.0);
        assert_eq!(ours, std);
        let mut empty: Vec<String> = Vec::new();
        sort_by(&mut empty, &|a, b| a.cmp(b));
        assert!(empty.is_empty());
    }
}
