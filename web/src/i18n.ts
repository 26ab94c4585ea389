import { createContext, createElement, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import type { Bilingual } from "./api/types.ts";
import { type MessageKey, messages } from "./messages.ts";

export type Lang = "zh" | "en";
export type { MessageKey };

const LANG_KEY = "ggzy.lang";

function initialLang(): Lang {
  const saved = localStorage.getItem(LANG_KEY);
  return saved === "en" || saved === "zh" ? saved : "zh";
}

let current: Lang = initialLang();
/** The UI language, read by the API client for Accept-Language. */
export const getLang = (): Lang => current;

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Picks the UI language out of a server-side bilingual value. */
  pick: (value: Bilingual) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setState] = useState<Lang>(current);
  const setLang = useCallback((next: Lang) => {
    current = next;
    localStorage.setItem(LANG_KEY, next);
    document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
    setState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const table = messages[lang];
    return {
      lang,
      setLang,
      t: (key, vars) => (vars ? table[key].replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : table[key]),
      pick: (v) => v[lang],
    };
  }, [lang, setLang]);
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
