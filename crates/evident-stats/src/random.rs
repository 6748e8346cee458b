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

    /// Returns a uniform number in `[0, 1)` with 53 random bits.
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Returns a Poisson-distributed count with mean `lambda`.
    ///
    /// Uses multiplication of uniforms for `lambda < 10` and Hörmann's (1993)
    /// transformed rejection with squeeze (PTRS) otherwise, as numpy does.
    pub(crate) fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda < 10.0 {
            let limit = (-lambda).exp();
            let mut count = 0;
            let mut product = self.uniform();
            while product > limit {
                count += 1;
                product *= self.uniform();
            }
            return count;
        }
        let sqrt_lambda = lambda.sqrt();
        let log_lambda = lambda.ln();
        let b = 0.931 + 2.53 * sqrt_lambda;
        let a = -0.059 + 0.02483 * b;
        let inverse_alpha = 1.1239 + 1.1328 / (b - 3.4);
        let v_r = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - u.abs();
            let k = ((2.0 * a / us + b) * u + lambda + 0.43).floor();
            if us >= 0.07 && v <= v_r {
                return k as u64;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            let log_accept = v.ln() + inverse_alpha.ln() - (a / (us * us) + b).ln();
            if log_accept <= -lambda + k * log_lambda - statrs::function::gamma::ln_gamma(k + 1.0) {
                return k as u64;
            }
        }
    }

    /// Returns a uniform integer in `0..n` by Lemire's multiply-shift (selection bias at most `n / 2⁶⁴`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::SplitMix64;

    /// Returns the sample mean and variance of `draws` Poisson(`lambda`) counts.
    fn moments(lambda: f64, draws: usize) -> (f64, f64) {
        let mut rng = SplitMix64::for_stream(1, 2);
        let samples: Vec<f64> = (0..draws).map(|_| rng.poisson(lambda) as f64).collect();
        let mean = samples.iter().sum::<f64>() / draws as f64;
        let variance = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (draws - 1) as f64;
        (mean, variance)
    }

    #[test]
    fn poisson_counts_have_mean_and_variance_lambda() {
        // Four standard errors of the mean and of the variance for 40,000 draws.
        for lambda in [0.5, 3.0, 10.0, 57.0, 4000.0] {
            let draws = 40_000;
            let (mean, variance) = moments(lambda, draws);
            let mean_tolerance = 4.0 * (lambda / draws as f64).sqrt();
            let variance_tolerance =
                4.0 * lambda * (2.0 / draws as f64).sqrt() + 4.0 * (lambda / draws as f64).sqrt();
            assert!(
                (mean - lambda).abs() < mean_tolerance,
                "lambda {lambda}: mean {mean}"
            );
            assert!(
                (variance - lambda).abs() < variance_tolerance + 0.05 * lambda,
                "lambda {lambda}: variance {variance}"
            );
        }
    }

    #[test]
    fn uniform_stays_in_unit_interval() {
        let mut rng = SplitMix64::for_stream(3, 4);
        assert!(
            (0..10_000)
                .map(|_| rng.uniform())
                .all(|u| (0.0..1.0).contains(&u))
        );
    }
}
