//! The accept loop: every connection gets a header deadline (which is also its idle timeout),
//! one address may hold only so many connections, and running out of file descriptors slows
//! accepting down instead of stopping the server.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::Shared;

/// How long requests in flight may take to finish once the server is told to stop.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// Serves `listener` until `stop` turns true.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let slots = Arc::new(Slots::new(
        shared.limits.per_address,
        shared.limits.connections(),
    ));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(shared.limits.header_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let mut warned: Option<Instant> = None;
    loop {
        let (stream, peer) = tokio::select! {
            _ = stop.wait_for(|s| *s) => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(&e, &mut warned).await;
                    continue;
                }
            },
        };
        // Over the cap: closed at once, which frees its descriptor.
        // On an IPv6 socket an IPv4 client is ::ffff:a.b.c.d: counted as a.b.c.d.
        let peer = std::net::SocketAddr::new(peer.ip().to_canonical(), peer.port());
        let Some(slot) = Slots::claim(&slots, peer.ip()) else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = shared.clone();
        let service = hyper::service::service_fn(move |request| {
            let shared = shared.clone();
            async move {
                Ok::<_, std::convert::Infallible>(crate::routes::route(shared, peer, request).await)
            }
        });
        let conn = http.serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(slot);
        });
    }
    drop(listener);
    shared.board.close();
    let _ = tokio::time::timeout(STOP_GRACE, graceful.shutdown()).await;
}

/// An accept error is about one connection or a passing shortage (of descriptors, memory):
/// never a reason to stop serving the others. A short pause lets connections close.
async fn accept_failed(e: &std::io::Error, warned: &mut Option<Instant>) {
    use std::io::ErrorKind::*;
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock
    ) {
        return;
    }
    if warned.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
        eprintln!("cannot accept a connection ({e}); retrying");
        *warned = Some(Instant::now());
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
}

/// Open connections, in all and per address.
struct Slots {
    per_address: usize,
    total: usize,
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

/// One open connection; dropping it gives the slot back.
pub(crate) struct Slot {
    slots: Arc<Slots>,
    ip: IpAddr,
}

impl Slots {
    fn new(per_address: usize, total: usize) -> Slots {
        Slots {
            per_address: per_address.max(1),
            total: total.max(1),
            open: Mutex::default(),
        }
    }

    fn claim(slots: &Arc<Slots>, ip: IpAddr) -> Option<Slot> {
        let mut open = slots.open.lock().unwrap_or_else(|e| e.into_inner());
        let (total, by_ip) = &mut *open;
        let mine = by_ip.entry(ip).or_default();
        if *total >= slots.total || *mine >= slots.per_address {
            if *mine == 0 {
                by_ip.remove(&ip);
            }
            return None;
        }
        *mine += 1;
        *total += 1;
        Some(Slot {
            slots: slots.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|e| e.into_inner());
        let (total, by_ip) = &mut *open;
        *total -= 1;
        if let Some(n) = by_ip.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                by_ip.remove(&self.ip);
            }
        }
    }
}
