import type { CandidateSource } from '../models/candidate.js';
import type { FunnelStage } from '../models/funnel-stage.js';
import type { ReportLocale } from './report.js';

/** Every text a company report prints, in one language. */
export interface ReportText {
  readonly title: string;
  readonly frame: { period: string; generated: string; notAvailable: string; page: string };
  readonly stages: Readonly<Record<FunnelStage, string>>;
  readonly sources: Readonly<Record<CandidateSource, string>>;
  readonly sections: {
    summary: string;
    funnel: string;
    conversion: string;
    sources: string;
    spend: string;
    timeToHire: string;
  };
  readonly kpi: {
    candidates: string;
    hires: string;
    conversion: string;
    medianTimeToHire: string;
    adSpend: string;
    costPerHire: string;
  };
  readonly words: {
    stage: string;
    inStage: string;
    reached: string;
    conversionFromPrevious: string;
    candidates: string;
    hires: string;
    conversion: string;
    step: string;
    weekOf: string;
    source: string;
    campaign: string;
    spend: string;
    shareOfSpend: string;
    days: string;
  };
  readonly notes: {
    populations: string;
    noSpend: string;
    unattributedHires: (hires: number) => string;
    noCampaignHires: string;
    noHires: string;
    noDurations: string;
  };
  readonly describe: {
    funnel: (stages: number) => string;
    conversion: (windows: number) => string;
    sources: string;
    spend: (campaigns: number) => string;
    costPerHire: (campaigns: number) => string;
    timeToHire: (hires: number) => string;
  };
}

const EN: ReportText = {
  title: 'Hiring report',
  frame: { period: 'Period', generated: 'Generated', notAvailable: 'n/a', page: 'Page' },
  stages: {
    applied: 'Applied',
    screening: 'Screening',
    interview_scheduled: 'Interview scheduled',
    interviewed: 'Interviewed',
    offered: 'Offered',
    hired: 'Hired',
    onboarded: 'Onboarded',
    rejected: 'Rejected',
    withdrawn: 'Withdrawn',
  },
  sources: {
    meta_lead_ad: 'Meta lead ad',
    referral: 'Referral',
    job_board: 'Job board',
    walk_in: 'Walk-in',
    manual: 'Manual',
  },
  sections: {
    summary: 'Summary',
    funnel: 'Funnel by stage',
    conversion: 'Conversion per stage over the period',
    sources: 'Candidates per source',
    spend: 'Ad spend and cost per hire',
    timeToHire: 'Time to hire',
  },
  kpi: {
    candidates: 'Candidates',
    hires: 'Hires',
    conversion: 'Applied to hired',
    medianTimeToHire: 'Median time to hire',
    adSpend: 'Ad spend',
    costPerHire: 'Cost per hire',
  },
  words: {
    stage: 'Stage',
    inStage: 'In stage',
    reached: 'Reached',
    conversionFromPrevious: 'Conversion from previous',
    candidates: 'Candidates',
    hires: 'Hires',
    conversion: 'Conversion',
    step: 'Step',
    weekOf: 'Starting',
    source: 'Source',
    campaign: 'Campaign',
    spend: 'Spend',
    shareOfSpend: 'Share of spend',
    days: 'Days to hire',
  },
  notes: {
    populations:
      'Candidates and the funnel count the candidates created in the period; hires and time to hire count the moves to hired in the period.',
    noSpend: 'No ad spend was reported for this period.',
    unattributedHires: (n) =>
      `Cost per hire per campaign is the campaign's spend over the hires of its candidates; ${n} ${n === 1 ? 'hire' : 'hires'} without a campaign ${n === 1 ? 'is' : 'are'} not counted per campaign.`,
    noCampaignHires: 'Hires per campaign are not available: cost per hire is over all hires.',
    noHires: 'No hires in this period.',
    noDurations: 'Time-to-hire distribution not available.',
  },
  describe: {
    funnel: (n) => `Bar chart: candidates who reached each of the ${n} stages of the funnel.`,
    conversion: (n) =>
      `Line chart: conversion of each funnel step for candidates created in each of ${n} intervals.`,
    sources: 'Bar chart: candidates created in the period per source.',
    spend: (n) => `Bar chart: ad spend of each of ${n} campaigns.`,
    costPerHire: (n) =>
      `Bar chart: cost per hire of each of ${n} campaigns (no bar for a campaign without hires).`,
    timeToHire: (n) => `Bar chart: ${n} hires by days from application to hire.`,
  },
};

const ES: ReportText = {
  title: 'Reporte de contratación',
  frame: { period: 'Periodo', generated: 'Generado', notAvailable: 'n/d', page: 'Página' },
  stages: {
    applied: 'Postulado',
    screening: 'Filtro',
    interview_scheduled: 'Entrevista agendada',
    interviewed: 'Entrevistado',
    offered: 'Oferta',
    hired: 'Contratado',
    onboarded: 'Incorporado',
    rejected: 'Rechazado',
    withdrawn: 'Se retiró',
  },
  sources: {
    meta_lead_ad: 'Anuncio de Meta',
    referral: 'Referido',
    job_board: 'Bolsa de trabajo',
    walk_in: 'Sin cita',
    manual: 'Manual',
  },
  sections: {
    summary: 'Resumen',
    funnel: 'Embudo por etapa',
    conversion: 'Conversión por etapa en el periodo',
    sources: 'Candidatos por fuente',
    spend: 'Inversión en anuncios y costo por contratación',
    timeToHire: 'Tiempo de contratación',
  },
  kpi: {
    candidates: 'Candidatos',
    hires: 'Contrataciones',
    conversion: 'De postulado a contratado',
    medianTimeToHire: 'Mediana del tiempo de contratación',
    adSpend: 'Inversión en anuncios',
    costPerHire: 'Costo por contratación',
  },
  words: {
    stage: 'Etapa',
    inStage: 'En la etapa',
    reached: 'Alcanzaron',
    conversionFromPrevious: 'Conversión desde la anterior',
    candidates: 'Candidatos',
    hires: 'Contrataciones',
    conversion: 'Conversión',
    step: 'Paso',
    weekOf: 'Desde',
    source: 'Fuente',
    campaign: 'Campaña',
    spend: 'Inversión',
    shareOfSpend: 'Parte de la inversión',
    days: 'Días hasta la contratación',
  },
  notes: {
    populations:
      'Los candidatos y el embudo cuentan a los candidatos creados en el periodo; las contrataciones y el tiempo de contratación, los pases a contratado en el periodo.',
    noSpend: 'No se reportó inversión en anuncios en este periodo.',
    unattributedHires: (n) =>
      `El costo por contratación por campaña es la inversión de la campaña entre las contrataciones de sus candidatos; ${n} ${n === 1 ? 'contratación' : 'contrataciones'} sin campaña no se ${n === 1 ? 'cuenta' : 'cuentan'} por campaña.`,
    noCampaignHires:
      'Las contrataciones por campaña no están disponibles: el costo por contratación es sobre todas las contrataciones.',
    noHires: 'No hubo contrataciones en este periodo.',
    noDurations: 'La distribución del tiempo de contratación no está disponible.',
  },
  describe: {
    funnel: (n) =>
      `Gráfica de barras: candidatos que alcanzaron cada una de las ${n} etapas del embudo.`,
    conversion: (n) =>
      `Gráfica de líneas: conversión de cada paso del embudo de los candidatos creados en cada uno de ${n} intervalos.`,
    sources: 'Gráfica de barras: candidatos creados en el periodo por fuente.',
    spend: (n) => `Gráfica de barras: inversión en anuncios de cada una de ${n} campañas.`,
    costPerHire: (n) =>
      `Gráfica de barras: costo por contratación de cada una de ${n} campañas (sin barra para una campaña sin contrataciones).`,
    timeToHire: (n) =>
      `Gráfica de barras: ${n} contrataciones por días desde la postulación hasta la contratación.`,
  },
};

/**
 * The texts of a company report in the locale's language.
 *
 * @example
 * ```ts
 * reportText('es-MX').kpi.hires; // 'Contrataciones'
 * ```
 */
export function reportText(locale: ReportLocale): ReportText {
  return locale === 'es-MX' ? ES : EN;
}
