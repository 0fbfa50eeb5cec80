//! Timing one mirror from the visitor's browser: reachability, latency, and — where the mirror
//! lets the page read its answers (CORS) — throughput and the file's size.
//!
//! Each mirror gets the best measurement its headers allow (DESIGN.md, "What a browser can
//! measure cross-origin"): a readable ranged GET first; if the browser refuses to let the page
//! read it, a `no-cors` HEAD, which moves no body but still says the host answers. Timings come
//! from Resource Timing where the mirror sends `Timing-Allow-Origin`, from the fetch itself
//! otherwise. What the answers mean, how far to grow a range and how to rank the results is
//! the core's (`probe.rs`, `rank.rs`).

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, Headers, PerformanceResourceTiming, ReadableStreamDefaultReader,
    RequestCache, RequestCredentials, RequestInit, RequestMode, Response,
};

use crate::probe::{judge, next_range, ProbeConfig, Reason, Reply};
use crate::rank::{median, transfer_rate_bps, Status};

/// What was measured of one mirror so far.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Measured {
    pub(crate) status: Status,
    pub(crate) latency_ms: Option<f64>,
    pub(crate) throughput_bps: Option<f64>,
    pub(crate) reason: Option<Reason>,
    /// The mirror lets the page read its answers.
    pub(crate) cors: bool,
    /// The mirror sends `Timing-Allow-Origin`: latency is request-to-first-byte.
    pub(crate) timing_allowed: bool,
    /// Where the file URL redirected to, when the browser could see it.
    pub(crate) redirected_to: Option<String>,
    /// Bytes downloaded from this mirror by the probe.
    pub(crate) bytes_used: u64,
}

impl Default for Measured {
    fn default() -> Self {
        Measured {
            status: Status::Pending,
            latency_ms: None,
            throughput_bps: None,
            reason: None,
            cors: false,
            timing_allowed: false,
            redirected_to: None,
            bytes_used: 0,
        }
    }
}

/// Why one request gave nothing.
enum Miss {
    /// Past its deadline.
    Timeout,
    /// Refused by the network, or by the browser for want of CORS: a page cannot tell which.
    Network,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Probes the file at `url`. `deadline` is a `performance.now()` time after which the mirror
/// is given up on; `report` is called whenever a figure is known, so the row fills in live.
pub(crate) async fn probe(
    url: &str,
    official_bytes: Option<u64>,
    config: &ProbeConfig,
    deadline: f64,
    report: &dyn Fn(&Measured),
) -> Measured {
    let mut m = Measured::default();
    let timeout = |config: &ProbeConfig| {
        let left = (deadline - now()).max(0.0);
        (f64::from(config.request_timeout_ms).min(left)) as u32
    };

    // The first request warms the connection and tells whether the answer is readable.
    /// The first bytes read to see what the mirror serves (an archive or an HTML page).
    const HEAD_BYTES: u64 = 1024;
    match get_range(url, 0, HEAD_BYTES, timeout(config)).await {
        Ok((response, body)) => {
            m.cors = true;
            m.bytes_used += body.bytes;
            if response.redirected() {
                m.redirected_to = Some(response.url());
            }
            let reply = reply_of(&response, body.head);
            if let Err(reason) = judge(&reply, official_bytes) {
                m.status = Status::Failed;
                m.reason = Some(reason);
                return m;
            }
        }
        Err(Miss::Timeout) => return timed_out(m),
        Err(Miss::Network) => match head_no_cors(url, timeout(config)).await {
            Ok(()) => {}
            Err(Miss::Timeout) => return timed_out(m),
            Err(Miss::Network) => {
                m.status = Status::Failed;
                m.reason = Some(Reason::Refused);
                return m;
            }
        },
    }
    for _ in 1..config.warmups {
        let _ = small_request(url, m.cors, timeout(config)).await;
    }

    // Latency: the median of a few small requests on the warm connection.
    let mut samples = Vec::new();
    for _ in 0..config.latency_rounds {
        if deadline - now() <= 0.0 {
            break;
        }
        match small_request(url, m.cors, timeout(config)).await {
            Ok(sample) => {
                m.timing_allowed |= sample.timing_allowed;
                samples.push(sample.latency_ms);
                m.latency_ms = median(&samples);
                report(&m);
            }
            Err(Miss::Timeout) if samples.is_empty() => return timed_out(m),
            Err(_) => break,
        }
    }
    if !m.cors {
        m.status = if samples.is_empty() {
            Status::Timeout
        } else {
            Status::Limited
        };
        return m;
    }

    // Throughput: a range that doubles until one request takes about a second.
    let mut size = config.first_range_bytes;
    let mut spent = 0u64;
    loop {
        let left = deadline - now();
        if left <= 0.0 {
            break;
        }
        let started = now();
        let Ok((_, body)) = get_range(url, 0, size, timeout(config)).await else {
            break;
        };
        spent += body.bytes;
        m.bytes_used += body.bytes;
        let elapsed = body.last_ms - body.first_ms;
        // The Resource Timing entry is queued after the body ends: let that task run first.
        next_task().await;
        if let Some(rate) = transfer_rate_bps(&body.points, transfer_ms(url, started)) {
            m.throughput_bps = Some(rate);
            report(&m);
        }
        match next_range(config, size, body.bytes, elapsed, spent, official_bytes) {
            Some(next) => size = next,
            None => break,
        }
    }
    m.status = Status::Ok;
    m
}

fn timed_out(mut m: Measured) -> Measured {
    m.status = Status::Timeout;
    m.reason = Some(Reason::Timeout);
    m
}

/// What was read of a body: the first bytes, how many, and when each chunk arrived.
struct Body {
    head: Vec<u8>,
    bytes: u64,
    /// `(performance.now(), bytes so far)` per chunk.
    points: Vec<(f64, u64)>,
    first_ms: f64,
    last_ms: f64,
}

fn init(
    mode: RequestMode,
    method: &str,
    timeout_ms: u32,
) -> Result<(RequestInit, AbortController), Miss> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(mode);
    init.set_credentials(RequestCredentials::Omit);
    init.set_cache(RequestCache::NoStore);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    // One signal for the deadline and for dropping a body once enough of it was read.
    let controller = AbortController::new().map_err(|_| Miss::Network)?;
    let timeout = AbortSignal::timeout_with_u32(timeout_ms.max(1));
    let signals = js_sys::Array::of2(&controller.signal(), &timeout);
    init.set_signal(Some(&abort_any(&signals).unwrap_or(timeout)));
    Ok((init, controller))
}

/// `AbortSignal.any([...])` (Chromium 116+); web-sys does not bind it yet.
fn abort_any(signals: &js_sys::Array) -> Option<AbortSignal> {
    let class = Reflect::get(&js_sys::global(), &"AbortSignal".into()).ok()?;
    let any: js_sys::Function = Reflect::get(&class, &"any".into()).ok()?.dyn_into().ok()?;
    any.call1(&class, signals).ok()?.dyn_into().ok()
}

fn miss_of(e: &JsValue) -> Miss {
    let name = Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "TimeoutError" | "AbortError" => Miss::Timeout,
        _ => Miss::Network,
    }
}

async fn send(url: &str, init: &RequestInit) -> Result<Response, Miss> {
    let window = web_sys::window().ok_or(Miss::Network)?;
    let response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(|e| miss_of(&e))?;
    response.dyn_into().map_err(|_| Miss::Network)
}

/// A readable GET of bytes `[start, start + len)`. Reads at most `len` bytes of the body even
/// when the server ignores the range and sends the whole file.
async fn get_range(
    url: &str,
    start: u64,
    len: u64,
    timeout_ms: u32,
) -> Result<(Response, Body), Miss> {
    let (init, controller) = init(RequestMode::Cors, "GET", timeout_ms)?;
    let headers = Headers::new().map_err(|_| Miss::Network)?;
    // A single range is CORS-safelisted: no preflight (Fetch, "CORS-safelisted request-header").
    let _ = headers.set("Range", &format!("bytes={start}-{}", start + len - 1));
    init.set_headers(&headers);
    let response = send(url, &init).await?;
    let body = read_body(&response, len).await;
    controller.abort();
    Ok((response, body?))
}

async fn read_body(response: &Response, max: u64) -> Result<Body, Miss> {
    let mut body = Body {
        head: Vec::new(),
        bytes: 0,
        points: Vec::new(),
        first_ms: now(),
        last_ms: now(),
    };
    let Some(stream) = response.body() else {
        return Ok(body);
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    /// Enough of the body to tell an archive from an HTML page.
    const KEEP_BYTES: usize = 1024;
    while body.bytes < max {
        let result = JsFuture::from(reader.read())
            .await
            .map_err(|e| miss_of(&e))?;
        let done = Reflect::get(&result, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            break;
        }
        let Ok(value) = Reflect::get(&result, &"value".into()) else {
            break;
        };
        let chunk: Uint8Array = value.unchecked_into();
        let t = now();
        if body.points.is_empty() {
            body.first_ms = t;
        }
        if body.head.len() < KEEP_BYTES {
            let take = (KEEP_BYTES - body.head.len()).min(chunk.length() as usize);
            body.head.extend(chunk.subarray(0, take as u32).to_vec());
        }
        body.bytes += u64::from(chunk.length());
        body.points.push((t, body.bytes));
        body.last_ms = t;
    }
    let _ = reader.cancel();
    Ok(body)
}

fn reply_of(response: &Response, head: Vec<u8>) -> Reply {
    let header = |name: &str| response.headers().get(name).ok().flatten();
    Reply {
        status: response.status(),
        content_type: header("content-type"),
        content_range: header("content-range"),
        content_length: header("content-length").and_then(|v| v.parse().ok()),
        head,
    }
}

/// A HEAD the browser makes for any server; its answer is opaque, but it arrives only if the
/// host answered.
async fn head_no_cors(url: &str, timeout_ms: u32) -> Result<(), Miss> {
    let (init, _controller) = init(RequestMode::NoCors, "HEAD", timeout_ms)?;
    send(url, &init).await.map(|_| ())
}

/// One latency sample.
struct Sample {
    latency_ms: f64,
    timing_allowed: bool,
}

/// A small request, timed: a 1-byte readable GET for a CORS mirror, a `no-cors` HEAD
/// otherwise (no body moves either way).
async fn small_request(url: &str, cors: bool, timeout_ms: u32) -> Result<Sample, Miss> {
    let started = now();
    let answered = if cors {
        get_range(url, 0, 1, timeout_ms)
            .await
            .map(|(_, b)| b.first_ms)
    } else {
        head_no_cors(url, timeout_ms).await.map(|()| now())
    };
    let answered = answered?;
    let fallback = Sample {
        latency_ms: answered - started,
        timing_allowed: false,
    };
    Ok(resource_timing(url, started).unwrap_or(fallback))
}

/// Resolves after the tasks already queued (a `setTimeout(0)`).
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// First to last byte of this request's body, from its Resource Timing entry, where the mirror
/// sends `Timing-Allow-Origin` (without it `responseStart` is 0).
fn transfer_ms(url: &str, started: f64) -> Option<f64> {
    let performance = web_sys::window()?.performance()?;
    let entries = performance.get_entries_by_name_with_entry_type(url, "resource");
    let entry: PerformanceResourceTiming = entries.pop().dyn_into().ok()?;
    let fresh = entry.start_time() + 1.0 >= started;
    (fresh && entry.response_start() > 0.0 && entry.response_end() > entry.response_start())
        .then(|| entry.response_end() - entry.response_start())
}

/// The latency from this request's Resource Timing entry: request start to first byte where
/// the mirror allows the detail (`Timing-Allow-Origin`), the entry's whole duration otherwise.
fn resource_timing(url: &str, started: f64) -> Option<Sample> {
    let performance = web_sys::window()?.performance()?;
    let entries = performance.get_entries_by_name_with_entry_type(url, "resource");
    let entry: PerformanceResourceTiming = entries.pop().dyn_into().ok()?;
    // An entry from an earlier request would give an old figure.
    if entry.start_time() + 1.0 < started {
        return None;
    }
    if entry.response_start() > 0.0 && entry.request_start() > 0.0 {
        return Some(Sample {
            latency_ms: entry.response_start() - entry.request_start(),
            timing_allowed: true,
        });
    }
    (entry.duration() > 0.0).then(|| Sample {
        latency_ms: entry.duration(),
        timing_allowed: false,
    })
}
