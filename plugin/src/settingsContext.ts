import { createContext, useContext } from 'react';
import { AppSettings, withDefaults } from './types';

/** The app's jsonData, handed down from the root page so every page reads the same settings. */
export const SettingsContext = createContext<AppSettings>({});

export const useSettings = () => withDefaults(useContext(SettingsContext));
