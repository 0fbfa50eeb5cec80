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

/// Positions of a list's items sorted by a key, for lookups by binary search: a map that needs
/// no hashing code (the crate's maps are built once and only read).
#[derive(Clone, Debug, Default)]
pub struct SortedIndex(Vec<usize>);

impl SortedIndex {
    /// The index of `len` items by `key(i)`; items with equal keys keep their order.
    pub fn new<'a, K: Ord + ?Sized + 'a>(len: usize, key: &dyn Fn(usize) -> &'a K) -> SortedIndex {
        SortedIndex(order_by(len, &|i, j| key(i).cmp(key(j))))
    }

    /// The position of an item whose key is `wanted`: the first of equal ones.
    pub fn find<'a, K: Ord + ?Sized + 'a>(
        &self,
        key: &dyn Fn(usize) -> &'a K,
        wanted: &K,
    ) -> Option<usize> {
        let at = self.0.partition_point(|&i| *key(i) < *wanted);
        self.0.get(at).copied().filter(|&i| key(i) == wanted)
    }

    /// The first item, in list order, whose key an earlier item has: `(item, earlier item)`.
    pub fn first_repeat<'a, K: Ord + ?Sized + 'a>(
        &self,
        key: &dyn Fn(usize) -> &'a K,
    ) -> Option<(usize, usize)> {
        self.0
            .windows(2)
            .filter(|w| key(w[0]) == key(w[1]))
            .map(|w| (w[1], w[0]))
            .min()
    }
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
    fn an_index_finds_and_names_repeats() {
        let words = ["go", "rust", "c", "rust", "zig", "c", "c"];
        let key = |i: usize| words[i];
        let index = SortedIndex::new(words.len(), &key);
        assert_eq!(index.find(&key, "rust"), Some(1));
        assert_eq!(index.find(&key, "c"), Some(2));
        assert_eq!(index.find(&key, "zig"), Some(4));
        assert_eq!(index.find(&key, "d"), None);
        assert_eq!(index.find(&key, "zz"), None);
        // "rust" at 3 repeats 1; "c" at 5 repeats 2: the earlier in the list is 3.
        assert_eq!(index.first_repeat(&key), Some((3, 1)));
        let unique = ["b", "a"];
        let key = |i: usize| unique[i];
        assert_eq!(SortedIndex::new(2, &key).first_repeat(&key), None);
        assert_eq!(SortedIndex::new(0, &key).find(&key, "a"), None);
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
