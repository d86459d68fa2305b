import { Sparkles } from 'lucide-react'
import { useConfig } from '@/auth/AuthProvider'
import { Badge } from '@/components/ui/badge'
import { cn } from '@/lib/utils'

/** Marks text a language model wrote, naming the model when the server says which. */
export function AiWritten({ className }: { className?: string }) {
  const model = useConfig().data?.llmModel
  return (
    <Badge
      variant="info"
      className={cn('w-fit', className)}
      title={`Written by ${model ? `the AI model ${model}` : 'an AI model'}; scores are computed without it. Check it before relying on it.`}
    >
      <Sparkles className="size-3" aria-hidden="true" />
      AI-written{model ? ` · ${model}` : ''}
    </Badge>
  )
}

/** The provider names people recognise. */
export function providerName(llm: string | undefined): string {
  if (llm === 'openai') return 'OpenAI-compatible server'
  if (llm === 'bedrock') return 'Amazon Bedrock'
  return 'None'
}
