//! The one way the page makes a request: gloo-net's, with no credentials, no referrer and a
//! signal that ends it. Loading the lists, probing sources and downloading a file all start
//! here and add what they need (a `Range`, `no-cors`, `no-store`).

use gloo_net::http::{Method, Request, RequestBuilder, Response};
use web_sys::{AbortSignal, ReferrerPolicy, RequestCredentials, RequestMode};

/// Why a request gave no response.
pub(crate) enum Miss {
    /// Its signal ended it: a deadline (`TimeoutError`) or an abort (`AbortError`).
    Aborted,
    /// Refused by the network, or by the browser for want of CORS: a page cannot tell which.
    /// The browser's message.
    Network(String),
}

/// A request of `method` for `url` in `mode`, ended by `signal`.
pub(crate) fn request(
    url: &str,
    method: Method,
    mode: RequestMode,
    signal: &AbortSignal,
) -> RequestBuilder {
    // gloo-net 0.6 adds `&` to a URL that has a query of its own (`?mode=json&include=all&`):
    // the query goes in as its parameters instead, so that the URL asked is the one given.
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let params = web_sys::UrlSearchParams::new_with_str(query)
        .map(|p| {
            js_sys::try_iter(&p)
                .ok()
                .flatten()
                .into_iter()
                .flatten()
                .filter_map(|pair| {
                    let pair = js_sys::Array::from(&pair.ok()?);
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    Request::get(base)
        .query(params.iter().map(|(k, v)| (k.as_str(), v)))
        .method(method)
        .mode(mode)
        .credentials(RequestCredentials::Omit)
        // A mirror sees where its visitors come from otherwise; the page gains nothing by it.
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .abort_signal(Some(signal))
}

/// Sends a request; its response (headers in, body to read) or why there is none.
pub(crate) async fn send(request: RequestBuilder) -> Result<Response, Miss> {
    request.send().await.map_err(|e| match e {
        gloo_net::Error::JsError(e) if matches!(e.name.as_str(), "TimeoutError" | "AbortError") => {
            Miss::Aborted
        }
        gloo_net::Error::JsError(e) => Miss::Network(e.message),
        other => Miss::Network(other.to_string()),
    })
}
