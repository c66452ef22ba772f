// CONTRACT (filled in by the server work): starts a real ChatServer on 127.0.0.1 port 0 with a
// fresh SQLite file in a temp folder and fast password hashing.
export {};
