//! A small seeded generator for the bootstrap, so results are reproducible
//! without a dependency on a random-number crate.

/// SplitMix64 (Steele, Lea & Flood 2014), the generator Java's
/// `SplittableRandom` uses; adequate for resampling, not for cryptography.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64 {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl SplitMix64 {
    /// Seeds stream `stream` of `seed`; distinct streams are decorrelated by
    /// hashing the pair through the SplitMix64 finaliser.
    pub(crate) fn for_stream(seed: u64, stream: u64) -> SplitMix64 {
        SplitMix64 {
            state: mix(seed ^ mix(stream.wrapping_add(GOLDEN_GAMMA))),
        }
    }

    /// Returns the next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// Returns a uniform integer in `0..n` by Lemire's multiply-shift (selection bias at most `n / 2⁶⁴`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}
