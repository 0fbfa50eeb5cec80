//! One stable sort for every list of the crate.
//!
//! Each call of the standard library's sort with its own element type and comparator adds its
//! own copy of the sort's code to the wasm, about 3 KB a copy. Sorting indexes through one
//! `dyn` comparator keeps a single copy, whatever is sorted.

use std::cmp::Ordering;

/// The indexes `0..len` in the order `cmp` gives them; equal elements keep their order.
pub fn order_by(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut indexes: Vec<usize> = (0..len).collect();
    indexes.sort_by(|&i, &j| cmp(i, j));
    indexes
}

/// Sorts `items` by `cmp`, stably, like `slice::sort_by`.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = order_by(items.len(), &|i, j| cmp(&items[i], &items[j]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` in their natural order and drops repeats, like `sort` then `dedup`.
pub fn sort_dedup<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
    items.dedup();
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let mut pairs = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        assert_eq!(pairs, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn matches_the_standard_sort() {
        let mut seed = 7u32;
        let mut items: Vec<u32> = (0..500)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (seed >> 16) % 50
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by(|a, b| b.cmp(a));
        sort_by(&mut items, |a, b| b.cmp(a));
        assert_eq!(items, expected);
    }

    #[test]
    fn dedups_and_handles_empty() {
        let mut words = vec!["linux", "darwin", "linux", "windows", "darwin"];
        sort_dedup(&mut words);
        assert_eq!(words, ["darwin", "linux", "windows"]);
        let mut none: Vec<String> = Vec::new();
        sort_dedup(&mut none);
        assert!(none.is_empty());
        assert_eq!(order_by(0, &|_, _| Ordering::Equal), Vec::<usize>::new());
    }
}
