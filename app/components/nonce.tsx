import { createContext, useContext } from "react";

// The per-request CSP nonce, so Remix's inline scripts may run and nothing else inline can.
const NonceContext = createContext<string | undefined>(undefined);
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
