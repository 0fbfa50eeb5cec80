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
    Request::get(url)
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
